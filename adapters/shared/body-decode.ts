/**
 * The frame of every codec's decode: a body that cannot be read at all (too large, not text in
 * its declared charset, not parseable) becomes one rejected entry with its issues and the raw
 * input kept; decode never throws.
 */
import type { DecodeResult } from '../types';
import { MappingError, type MappingIssue } from './issues';
import { bi } from './legacy-values';

export function issuesOf(error: unknown): MappingIssue[] {
  return error instanceof MappingError ? error.issues : [{ field: 'body', reason: error instanceof Error ? error.message : String(error) }];
}

export function rejectedBody(issues: MappingIssue[], raw: string, legacyId?: string): DecodeResult {
  return { messages: [], rejected: [{ ...(legacyId !== undefined ? { legacyId } : {}), issues, raw }] };
}

/** Bytes that did not become text, kept byte for byte (latin1 maps each byte to one character). */
const rawBytes = (bytes: Buffer): string => bytes.toString('latin1');

export interface BodyDecoding {
  maxBytes: number;
  /** Bytes → text by the declared charset; throws MappingError when they are not text in it. */
  text(body: Buffer): string;
  /** Text → messages; throws MappingError when the body as a whole cannot be read. */
  decode(text: string): DecodeResult;
}

export function decodeWholeBody(body: Buffer, decoding: BodyDecoding): DecodeResult {
  // Refused before any decoding work; the first KiB is kept.
  if (body.length > decoding.maxBytes) {
    const issue = { field: 'body', value: `${body.length} bytes`, reason: bi(`larger than ${decoding.maxBytes} bytes`, '报文过大') };
    return rejectedBody([issue], rawBytes(body.subarray(0, 1024)));
  }
  let text: string;
  try {
    text = decoding.text(body);
  } catch (error) {
    return rejectedBody(issuesOf(error), rawBytes(body));
  }
  try {
    return decoding.decode(text);
  } catch (error) {
    return rejectedBody(issuesOf(error), text);
  }
}
