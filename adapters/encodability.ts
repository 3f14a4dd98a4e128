/**
 * Can the destination's system carry this message? Asked when the message is stored, so anything
 * its format cannot carry (a victim for the PSB's suspect list, a type it has no code for) is
 * refused to the sender at once, naming the field — instead of answering "accepted" and
 * dead-lettering the message at delivery, holding back every later message of its case. (A rare
 * character GBK cannot hold is carried: written as a numeric character reference.)
 */
import { MappingError, formatIssue, type MappingIssue } from './shared/issues';
import { BUILTIN_ADAPTERS } from './builtins';
import type { AdapterDefinition } from './contract';
import type { UnifiedMessage } from '../standard/schema/message';

/** The adapters a destination's kind is looked up in: the runtime's registry, else the built-ins. */
export interface AdapterLookup {
  get(kind: string): AdapterDefinition | undefined;
}

const BUILTINS: AdapterLookup = { get: (kind) => BUILTIN_ADAPTERS.find((a) => a.kind === kind) };

/** Stand-in credentials: encoding is checked, never sent. */
const PREFLIGHT_CREDENTIALS = { token: 'preflight', appId: 'preflight', secret: 'preflight' };

/** The adapter of a destination id (`psb-440105` → psb, `prison-yzgl-440000` → prison-yzgl); undefined for other destinations. */
export function adapterOfDestination(destination: string, adapters: AdapterLookup = BUILTINS): AdapterDefinition | undefined {
  const match = /^(.+)-\d{6}$/.exec(destination);
  return match ? adapters.get(match[1]!) : undefined;
}

/** The issues that keep `message` from being written for `destination`'s system; [] when it can be. */
export function encodingIssues(destination: string, message: UnifiedMessage, adapters: AdapterLookup = BUILTINS): MappingIssue[] {
  const adapter = adapterOfDestination(destination, adapters);
  if (!adapter) return [];
  try {
    adapter.codec.encode(message, { credentials: PREFLIGHT_CREDENTIALS, now: Date.now() });
    return [];
  } catch (error) {
    if (error instanceof MappingError) return error.issues;
    return [{ field: '(message)', reason: error instanceof Error ? error.message : String(error) }];
  }
}

/** `encodingIssues` as one bilingual reason, or undefined. */
export function encodingProblem(destination: string, message: UnifiedMessage, adapters: AdapterLookup = BUILTINS): string | undefined {
  const issues = encodingIssues(destination, message, adapters);
  if (issues.length === 0) return undefined;
  return `cannot be written for ${destination} (无法转换为接收方报文): ${issues.map(formatIssue).join('; ')}`;
}
