/**
 * Can the destination's system carry this message? Asked when the message is stored, so a
 * character its encoding cannot hold (a 𠀀 for the PSB's GBK), or anything else its format cannot
 * carry, is refused to the sender at once, naming the field — instead of answering "accepted" and
 * dead-lettering the message at delivery, holding back every later message of its case.
 */
import { MappingError, formatIssue, type MappingIssue } from './shared/issues';
import { SYSTEMS } from './index';
import type { UnifiedMessage } from '../standard/schema/message';

/** Stand-in credentials: encoding is checked, never sent. */
const PREFLIGHT_CREDENTIALS = { token: 'preflight', appId: 'preflight', secret: 'preflight' };

/** The system kind of a destination id (`psb-440105` → `psb`); undefined for other destinations. */
export function systemOfDestination(destination: string): keyof typeof SYSTEMS | undefined {
  const kind = destination.slice(0, destination.indexOf('-'));
  return Object.prototype.hasOwnProperty.call(SYSTEMS, kind) ? (kind as keyof typeof SYSTEMS) : undefined;
}

/** The issues that keep `message` from being written for `destination`'s system; [] when it can be. */
export function encodingIssues(destination: string, message: UnifiedMessage): MappingIssue[] {
  const kind = systemOfDestination(destination);
  if (!kind) return [];
  try {
    SYSTEMS[kind].codec.encode(message, { credentials: PREFLIGHT_CREDENTIALS, now: Date.now() });
    return [];
  } catch (error) {
    if (error instanceof MappingError) return error.issues;
    return [{ field: '(message)', reason: error instanceof Error ? error.message : String(error) }];
  }
}

/** `encodingIssues` as one bilingual reason, or undefined. */
export function encodingProblem(destination: string, message: UnifiedMessage): string | undefined {
  const issues = encodingIssues(destination, message);
  if (issues.length === 0) return undefined;
  return `cannot be written for ${destination} (无法转换为接收方报文): ${issues.map(formatIssue).join('; ')}`;
}
