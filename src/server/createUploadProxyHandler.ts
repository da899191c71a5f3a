// POST multipart -> the provider, streamed: the file passes through in chunks and is never held whole.
import { errorResponse, HttpError, jsonResponse } from './errors';
import type { ProxyUploadProvider } from './provider';
import { BodyTooLargeError, declaredLength } from './readBody';
import type { RequestHandler } from './createPresignHandler';
import { compileRules, type UploadRules } from './uploadRules';

export interface UploadProxyHandlerOptions extends UploadRules {
  /** A provider that takes multipart uploads: `pruna(...)`. */
  provider: ProxyUploadProvider;
  /** Runs after the type and size checks, before any byte is sent on; a throw answers 401. */
  authorize?: (request: Request) => boolean | Response | Promise<boolean | Response>;
}

// The file part's headers come first; a form whose first 16 KB hold no part header is not an upload.
const MAX_HEAD = 16 * 1024;

/** A Web-standard route that streams a multipart upload to a provider that only takes multipart (pruna). */
export function createUploadProxyHandler(options: UploadProxyHandlerOptions): RequestHandler {
  const { provider, authorize } = options;
  if (typeof provider?.forward !== 'function') {
    throw new TypeError('createUploadProxyHandler({ provider }): pass a multipart provider such as pruna({ apiKey }).');
  }
  const rules = compileRules(options);
  return async (request) => {
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      if (request.method !== 'POST') {
        throw new HttpError(405, 'method-not-allowed', 'Use POST to upload a file.', { allow: 'POST' });
      }
      const contentType = request.headers.get('content-type') ?? '';
      const boundary = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
      if (!boundary || !request.body) {
        throw new HttpError(415, 'invalid-request', 'Send the file as multipart/form-data.');
      }
      const delimiter = `--${boundary[1] ?? boundary[2]}`;
      const declared = declaredLength(request.headers);
      // The declared length is only a claim, but one over the limit is reason enough to stop before reading.
      if (declared !== null && declared > rules.maxSize + MAX_HEAD) throw rules.tooLarge();

      reader = request.body.getReader();
      const { head, part } = await readFirstPart(reader, delimiter);
      if (part.name !== provider.fileField || part.filename === undefined) {
        throw new HttpError(400, 'invalid-request', `Send the file in the form field "${provider.fileField}", first.`);
      }
      rules.checkType(part.contentType);
      if (authorize) {
        let verdict: boolean | Response;
        try {
          verdict = await authorize(request);
        } catch {
          throw new HttpError(401, 'unauthorized', 'Sign in to upload files.');
        }
        if (verdict instanceof Response) return verdict;
        if (verdict !== true) throw new HttpError(403, 'forbidden', 'You are not allowed to upload files here.');
      }

      // The body may hold the file (maxSize), the part headers already read, and the closing delimiter.
      const limit = part.dataStart + rules.maxSize + delimiter.length + 8;
      const abort = new AbortController();
      let tooLarge = false;
      const source = reader;
      let sent = 0;
      let headSent = false;
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const chunk = headSent ? await source.read() : { done: false as const, value: head };
            headSent = true;
            if (chunk.done) return controller.close();
            sent += chunk.value.byteLength;
            if (sent > limit) {
              // Stop mid-stream: the provider must not keep a partial file, the client must not send the rest.
              tooLarge = true;
              controller.error(new BodyTooLargeError('too large'));
              abort.abort();
              await source.cancel().catch(() => {});
              return;
            }
            controller.enqueue(chunk.value);
          },
          cancel: (reason) => source.cancel(reason),
        },
        // No read-ahead: pull only when fetch wants the next chunk, so memory stays at a chunk or two.
        { highWaterMark: 0 },
      );
      try {
        const file = await provider.forward(body, {
          contentType,
          signal: AbortSignal.any([request.signal, abort.signal]),
        });
        return jsonResponse(file);
      } catch (error) {
        throw tooLarge ? rules.tooLarge() : error;
      }
    } catch (error) {
      await reader?.cancel().catch(() => {});
      return errorResponse(error);
    }
  };
}

interface FirstPart {
  name: string | undefined;
  filename: string | undefined;
  contentType: string;
  /** Offset of the part's first data byte in the body. */
  dataStart: number;
}

/** Reads just enough of the body to see the first part's headers; returns the bytes read so they can be sent on. */
async function readFirstPart(
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
