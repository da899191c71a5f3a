// Just enough multipart for the upload proxy: read the first part's headers, then pass every byte on, counted.
import { HttpError } from './errors';

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

export interface FilePartOptions {
  /** The client's delimiter, `--` + its boundary. */
  delimiter: string;
  /** The form field, file name and type of the rebuilt part: ours, vetted, never the client's headers. */
  field: string;
  filename: string;
  contentType: string;
  maxSize: number;
  /** The error for a file past maxSize. */
  tooLarge: () => HttpError;
  /** Checks the whole file's size once its end is seen; throws an HttpError to refuse it. */
  checkSize: (size: number) => void;
  /** Told why the body was cut off, once, before the stream errors (so the caller answers that, not the fetch error). */
  onFail: (error: HttpError) => void;
}

const DASH = 0x2d;

/**
 * A new multipart body holding only the first part's file bytes, under our own boundary and part headers: the
 * file is cut at the client's next delimiter, so extra fields or a second file never reach the provider. Pulled
 * only when the consumer wants more (no read-ahead, so memory stays at a chunk or two).
 */
export function filePartBody(
  head: Uint8Array,
  dataStart: number,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  options: FilePartOptions,
): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `media-uploader-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const needle = encoder.encode(`\r\n${options.delimiter}`);
  let pending = head.subarray(dataStart);
  let size = 0;
  let started = false;

  const fail = async (controller: ReadableStreamDefaultController<Uint8Array>, error: HttpError) => {
    options.onFail(error);
    controller.error(error);
    void reader.cancel().catch(() => {}); // not awaited: see readBody.ts
  };
  /** Sends file bytes; false once they pass maxSize (the stream has failed then). */
  const send = async (controller: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array) => {
    size += bytes.byteLength;
    // Stop mid-stream: the provider gets a cut-off body it cannot store, the client need not send the rest.
    if (size > options.maxSize) {
      await fail(controller, options.tooLarge());
      return false;
    }
    if (bytes.byteLength > 0) controller.enqueue(bytes);
    return true;
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          const headers =
            `--${boundary}\r\nContent-Disposition: form-data; name="${options.field}"; filename="${options.filename}"\r\n` +
            `Content-Type: ${options.contentType}\r\n\r\n`;
          return controller.enqueue(encoder.encode(headers));
        }
        for (;;) {
          const at = indexOf(pending, needle);
          const after = at + needle.byteLength;
          if (at !== -1 && pending.byteLength >= after + 2) {
            if (!(await send(controller, pending.subarray(0, at)))) return;
            // `--` closes the form; anything else is another part, which we refuse rather than drop silently.
            if (pending[after] !== DASH || pending[after + 1] !== DASH) {
              return fail(controller, invalid(`Send one file only, in the form field "${options.field}".`));
            }
            try {
              options.checkSize(size);
            } catch (error) {
              return fail(controller, error as HttpError);
            }
            controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
            controller.close();
            void reader.cancel().catch(() => {}); // the epilogue, if any, is not ours to read (not awaited: readBody.ts)
            return;
          }
          // Hold back what could be the start of the delimiter (and the two bytes after it).
          const safe = at === -1 ? pending.byteLength - needle.byteLength - 1 : at;
          if (safe > 0) {
            const bytes = pending.subarray(0, safe);
            pending = pending.subarray(safe);
            await send(controller, bytes);
            return;
          }
          const next = await reader.read();
          if (next.done) return fail(controller, invalid('The multipart body ended before its closing boundary.'));
          pending = concat(pending, next.value);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const invalid = (message: string) => new HttpError(400, 'invalid-request', message);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/** The first offset of `needle` in `haystack`, or -1; the native indexOf finds candidates for its first byte. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const last = haystack.byteLength - needle.byteLength;
  for (let at = haystack.indexOf(needle[0]!); at !== -1 && at <= last; at = haystack.indexOf(needle[0]!, at + 1)) {
    let i = 1;
    while (i < needle.byteLength && haystack[at + i] === needle[i]) i++;
    if (i === needle.byteLength) return at;
  }
  return -1;
}
