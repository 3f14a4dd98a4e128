import type { SenderFetch } from '../../dossier/attachments';
import { runtimeState, type RuntimeHandle } from './runtime-state';

/**
 * How this runtime fetches a file a sender names by URL (`sourceUrl`): per sender system instance
 * (`<kind>-<division>`, as the ingress tags messages), the system config node that holds its
 * address and credentials. A sender without an entry (no address, no such node) cannot send by reference.
 */
export interface AttachmentSources {
  /** Registers `fetch` for `sender`; the returned function removes it (only if it is still this one). */
  add(sender: string, fetch: SenderFetch): () => void;
  of(sender: string): SenderFetch | undefined;
}

export function attachmentSourcesOf(RED: RuntimeHandle): AttachmentSources {
  return runtimeState(RED, 'attachment-sources', () => {
    const bySender = new Map<string, SenderFetch>();
    return {
      add(sender, fetch) {
        bySender.set(sender, fetch);
        return () => {
          if (bySender.get(sender) === fetch) bySender.delete(sender);
        };
      },
      of: (sender) => bySender.get(sender),
    };
  });
}
