// Reads a small body with a hard byte limit: the Content-Length header is a claim, the bytes are the truth.
import { HttpError } from './errors';

/** A JSON Content-Type (`application/json`, `application/problem+json; charset=utf-8`). */
export const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** Thrown when a body has more bytes than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** All bytes of `stream`, or a BodyTooLargeError as soon as more than `limit` arrived (the rest is never read). */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        // Stop reading: a client that sends megabytes to a JSON endpoint must not make us hold them. Not awaited: on a
        // request the app cloned (a tee), the cancel settles only once the other copy is read, and the 413 would wait.
        void reader.cancel().catch(() => {});
        throw new BodyTooLargeError(`The body is larger than ${limit} bytes.`);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The declared Content-Length, or null when it is absent or not a plain number. */
export function declaredLength(headers: Headers): number | null {
  const value = headers.get('content-length');
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null;
}

/**
 * The request's body stream; a 500 when the app read it before the handler (`await request.json()` to log it):
 * the browser sent it fine, so a 400 "not valid JSON" or "no file part" would send the developer the wrong way.
 */
export function unreadBody(request: Request): ReadableStream<Uint8Array> | null {
  if (request.bodyUsed) {
    throw new HttpError(500, 'internal-error', 'The request body was already read before the upload handler ran; pass it an unread Request (request.clone()).');
  }
  return request.body;
}
