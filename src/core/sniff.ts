// The type a file's bytes show. Reads only the first 64 bytes: a 100 MB video must never be read into memory here.
// The magic-byte table itself is detectMime.ts, loaded lazily (readBytes.ts `loadDetectMime`).
import { loadDetectMime, readBytes } from './readBytes';

export const SNIFF_BYTES = 64;

/** Reads the first bytes of a file and returns the MIME they show (null when unknown, unreadable or not checkable). */
export async function sniffMime(file: Blob): Promise<string | null> {
  const [head, detect] = await Promise.all([readBytes(file, 0, SNIFF_BYTES), loadDetectMime()]);
  return head && detect && detect(head);
}

/** The bytes win when they disagree with the declared type; an empty declared type gets filled. */
export function resolveMime(declared: string, sniffed: string | null): string {
  return sniffed ?? declared;
}

export { fileTypeOf } from './accept';
