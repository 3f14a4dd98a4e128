/** Every message type the platform carries (domain.md §2, legacy/README.md), and the documents that only travel attached (data/message-types.json). */
import { z } from 'zod';
import { AGENCY_IDS } from './agencies';
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/message-types.json';
import { PROCESS_IDS, type Process } from './processes';

const MessageTypeInfoSchema = LabelSchema.extend({
  /** Processes a message of this type may belong to; the first is its usual home. */
  processes: z.tuple([z.enum(PROCESS_IDS)], z.enum(PROCESS_IDS)),
  /** Agencies that may send it and agencies that may receive it (the route matrix, domain.md §2). */
  from: z.array(z.enum(AGENCY_IDS)),
  to: z.array(z.enum(AGENCY_IDS)),
});

export const MESSAGE_TYPES = codeTable(data.messageTypes, MessageTypeInfoSchema);

export type MessageType = keyof typeof MESSAGE_TYPES;
export const MESSAGE_TYPE_IDS = codesOf(MESSAGE_TYPES);

/** Documents that travel only as attachments of a message, never as a message of their own. */
export const ATTACHED_DOCUMENT_TYPES = codeTable(data.attachedDocumentTypes, LabelSchema);

export type AttachedDocumentType = keyof typeof ATTACHED_DOCUMENT_TYPES;
export type DocumentType = MessageType | AttachedDocumentType;
export const DOCUMENT_TYPE_IDS = [...MESSAGE_TYPE_IDS, ...codesOf(ATTACHED_DOCUMENT_TYPES)] as [DocumentType, ...DocumentType[]];

export function processesOf(type: MessageType): readonly Process[] {
  return MESSAGE_TYPES[type].processes;
}
