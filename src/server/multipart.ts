// Just enough multipart for the upload proxy: read the first part's headers, then pass every byte on, counted.
import { HttpError } from './errors';
import { BodyTooLargeError } from './readBody';

// The file part's headers come first; a form whose first 16 KB hold no part header is not an upload.
export const MAX_HEAD = 16 * 1024;

export interface FirstPart {
  name: string | undefined;
  filename: string | undefined;
  contentType: string;
  /** Offset of the part's first data byte in the body. */
  dataStart: number;
}

/** Reads just enough of the body to see the first part's headers; returns the bytes read so they can be sent on. */
export async function readFirstPart(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  delimiter: string,
): Promise<{ head: Uint8Array; part: FirstPart }> {
  let head = new Uint8Array(0);
  for (;;) {
    // latin1 maps each byte to one character, so string offsets are byte offsets.
    const text = new TextDecoder('latin1').decode(head);
    const start = text.indexOf(`${delimiter}\r\n`);
    const end = start === -1 ? -1 : text.indexOf('\r\n\r\n', start);
    if (end !== -1) {
      return { head, part: parsePartHeaders(text.slice(start + delimiter.length + 2, end), end + 4) };
    }
    if (head.byteLength > MAX_HEAD) break;
    const { done, value } = await reader.read();
    if (done) break;
    const next = new Uint8Array(head.byteLength + value.byteLength);
    next.set(head);
    next.set(value, head.byteLength);
    head = next;
  }
  throw new HttpError(400, 'invalid-request', 'The multipart body has no file part.');
}

function parsePartHeaders(block: string, dataStart: number): FirstPart {
  const part: FirstPart = { name: undefined, filename: undefined, contentType: 'application/octet-stream', dataStart };
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-type') part.contentType = value;
    if (name === 'content-disposition') {
      part.name = /;\s*name="([^"]*)"/i.exec(value)?.[1];
      part.filename = /;\s*filename="([^"]*)"/i.exec(value)?.[1];
    }
  }
  return part;
}

/**
 * `head` then the rest of `reader`, pulled only when the consumer wants more (no read-ahead, so memory stays at a
 * chunk or two). Past `limit` bytes it errors, cancels the source and calls `onTooLarge`.
 */
export function countedStream(
  head: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  onTooLarge: () => void,
): ReadableStream<Uint8Array> {
  let sent = 0;
  let headSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = headSent ? await reader.read() : { done: false as const, value: head };
        headSent = true;
        if (chunk.done) return controller.close();
        sent += chunk.value.byteLength;
        if (sent > limit) {
          // Stop mid-stream: the provider gets a cut-off body it cannot store, the client need not send the rest.
          controller.error(new BodyTooLargeError(`The body is larger than ${limit} bytes.`));
          onTooLarge();
          await reader.cancel().catch(() => {});
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
