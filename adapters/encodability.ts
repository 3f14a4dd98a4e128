/**
 * Can the destination's system carry this message? Asked when the message is stored, so anything
 * its format cannot carry (a victim for the PSB's suspect list, a type it has no code for) is
 * refused to the sender at once, naming the field — instead of answering "accepted" and
 * dead-lettering the message at delivery, holding back every later message of its case. (A rare
 * character GBK cannot hold is carried: written as a numeric character reference.)
 */
import { MappingError, formatIssue, type MappingIssue } from './shared/issues';
import { BUILTIN_ADAPTERS } from './builtins';
import type { LegacyCodec } from './types';
import type { UnifiedMessage } from '../standard/schema/message';

/** Where the codec of a kind is found: the runtime's AdapterRegistry, or the built-ins alone. */
export interface CodecSource {
  get(kind: string): { codec: LegacyCodec } | undefined;
}

const BUILTINS: CodecSource = { get: (kind) => BUILTIN_ADAPTERS.find((adapter) => adapter.kind === kind) };

/** Stand-in credentials: encoding is checked, never sent. */
const PREFLIGHT_CREDENTIALS = { token: 'preflight', appId: 'preflight', secret: 'preflight' };

/** The adapter kind of a destination id (`psb-440105` → `psb`, `prison-mis-440000` → `prison-mis`); undefined for other destinations. */
export function systemOfDestination(destination: string, adapters: CodecSource = BUILTINS): string | undefined {
  const at = destination.lastIndexOf('-');
  const kind = at > 0 ? destination.slice(0, at) : '';
  return kind !== '' && adapters.get(kind) ? kind : undefined;
}

/** The issues that keep `message` from being written for `destination`'s system; [] when it can be. */
export function encodingIssues(destination: string, message: UnifiedMessage, adapters: CodecSource = BUILTINS): MappingIssue[] {
  const kind = systemOfDestination(destination, adapters);
  if (!kind) return [];
  try {
    adapters.get(kind)!.codec.encode(message, { credentials: PREFLIGHT_CREDENTIALS, now: Date.now() });
    return [];
  } catch (error) {
    if (error instanceof MappingError) return error.issues;
    return [{ field: '(message)', reason: error instanceof Error ? error.message : String(error) }];
  }
}

/** `encodingIssues` as one bilingual reason, or undefined. */
export function encodingProblem(destination: string, message: UnifiedMessage, adapters: CodecSource = BUILTINS): string | undefined {
  const issues = encodingIssues(destination, message, adapters);
  if (issues.length === 0) return undefined;
  return `cannot be written for ${destination} (无法转换为接收方报文): ${issues.map(formatIssue).join('; ')}`;
}
