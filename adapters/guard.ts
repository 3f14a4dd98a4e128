/**
 * The platform's own check on an adapter from another package: every message its codec decodes is
 * validated against the unified standard before the platform takes it; one that fails is refused
 * (quarantined with every field issue) like any bad legacy input, never passed on.
 */
import { validateMessage } from '../standard/validate';
import type { AdapterDefinition } from './contract';
import type { DecodeResult, LegacyCodec, RejectedMessage } from './types';

export function validatingCodec(codec: LegacyCodec): LegacyCodec {
  return {
    ...codec,
    decode(body, headers): DecodeResult {
      const result = codec.decode(body, headers);
      const messages: DecodeResult['messages'] = [];
      const rejected: RejectedMessage[] = [...result.rejected];
      for (const decoded of result.messages) {
        const checked = validateMessage(decoded.message);
        if (checked.ok) messages.push({ ...decoded, message: checked.message });
        else {
          const legacyId = (decoded.message as { messageId?: unknown } | undefined)?.messageId;
          rejected.push({
            ...(typeof legacyId === 'string' ? { legacyId } : {}),
            issues: checked.issues.map((issue) => ({ field: issue.path, value: issue.value, reason: issue.reason })),
            raw: decoded.raw,
          });
        }
      }
      return { ...result, messages, rejected };
    },
  };
}

/** The adapter with its codec guarded (the object registered in place of the package's own). */
export function guardedAdapter(adapter: AdapterDefinition): AdapterDefinition {
  return { ...adapter, codec: validatingCodec(adapter.codec) };
}
