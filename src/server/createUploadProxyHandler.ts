// POST multipart -> the provider, streamed: the file passes through in chunks and is never held whole.
import { runAuthorize } from './authorize';
import type { RequestHandler } from './createPresignHandler';
import { errorResponse, HttpError, jsonResponse } from './errors';
import { filePartBody, MAX_HEAD, readFirstPart } from './multipart';
import type { ProxyUploadProvider } from './provider';
import { declaredLength, unreadBody } from './readBody';
import { safeExtension } from './safeExtension';
import { compileRules, isValidContentType, type UploadRules } from './uploadRules';

export interface UploadProxyHandlerOptions extends UploadRules {
  /** A provider that takes multipart uploads: `pruna(...)`. */
  provider: ProxyUploadProvider;
  /** Runs after the type check, before any byte is sent on: `true` passes, `false` is 403, a throw 401. */
  authorize?: (request: Request) => boolean | Response | Promise<boolean | Response>;
}

/** A Web-standard route that streams a multipart upload to a provider that only takes multipart (pruna). */
export function createUploadProxyHandler(options: UploadProxyHandlerOptions): RequestHandler {
  const { provider, authorize } = options;
  if (typeof provider?.forward !== 'function') {
    throw new TypeError('createUploadProxyHandler({ provider }): pass a multipart provider such as pruna({ apiKey }).');
  }
  const rules = compileRules(options, provider.limits);
  return async (request) => {
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      if (request.method !== 'POST') {
        throw new HttpError(405, 'method-not-allowed', 'Use POST to upload a file.', { allow: 'POST' });
      }
      const contentType = request.headers.get('content-type') ?? '';
      const boundary = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
      const body = boundary && unreadBody(request);
      if (!boundary || !body) {
        throw new HttpError(415, 'invalid-request', 'Send the file as multipart/form-data.');
      }
      const delimiter = `--${boundary[1] ?? boundary[2]}`;
      const declared = declaredLength(request.headers);
      // The declared length is only a claim, but one over the limit is reason enough to stop before reading.
      if (declared !== null && declared > rules.maxSize + MAX_HEAD) throw rules.tooLarge();

      reader = body.getReader();
      const { head, part } = await readFirstPart(reader, delimiter);
      if (part.name !== provider.fileField || part.filename === undefined) {
        throw new HttpError(400, 'invalid-request', `Send the file in the form field "${provider.fileField}", first.`);
      }
      if (!isValidContentType(part.contentType)) {
        throw new HttpError(400, 'invalid-request', 'The file part needs a Content-Type such as image/png.');
      }
      const sizes = rules.checkType(part.contentType);
      if (authorize) {
        const answer = await runAuthorize(() => authorize(request));
        if (answer) return answer;
      }

      // Only the file goes on, re-wrapped under our boundary and headers: nothing else the client put in the form.
      const abort = new AbortController();
      let failure: HttpError | undefined;
      const upload = filePartBody(head, part.dataStart, reader, {
        delimiter,
        field: provider.fileField,
        filename: `upload${safeExtension(part.contentType, part.filename)}`,
        contentType: part.contentType,
        maxSize: sizes.maxSize,
        tooLarge: () => sizes.tooLarge(),
        checkSize: sizes.checkSize,
        onFail: (error) => {
          failure = error;
          abort.abort();
        },
      });
      try {
        const signal = AbortSignal.any([request.signal, abort.signal]);
        return jsonResponse(await provider.forward(upload.body, { contentType: upload.contentType, signal }));
      } catch (error) {
        throw failure ?? error;
      }
    } catch (error) {
      // Not awaited: on a request the app cloned, the cancel settles only once its copy is read (readBody.ts).
      void reader?.cancel().catch(() => {});
      return errorResponse(error);
    }
  };
}
