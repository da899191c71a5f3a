// POST { filename, contentType, size, fileType } -> the native upload target. Web-standard Request/Response only.
import type { FileType, NativePresignResponse, PresignRequest } from '../core/types';
import { fileTypeOf } from '../core/accept';
import { runAuthorize } from './authorize';
import { errorResponse, HttpError, jsonResponse } from './errors';
import type { UploadProvider } from './provider';
import { BodyTooLargeError, declaredLength, JSON_TYPE, readLimited, unreadBody } from './readBody';
import { safeExtension } from './safeExtension';
import { compileRules, isValidContentType, type UploadRules } from './uploadRules';

/**
 * Decides whether a request may upload: `true` lets it through, `false` answers 403, a Response is answered as is,
 * a throw answers 401. Its body has been read already: look at headers and cookies, and at `upload`.
 */
export type Authorize = (
  request: Request,
  upload: PresignRequest,
) => boolean | Response | Promise<boolean | Response>;

export interface PresignHandlerOptions extends UploadRules {
  /** Where uploads go: `eachlabs(...)`, `modelroute(...)`, `apimodels(...)`, `pruna(...)` or `s3(...)`. */
  provider: UploadProvider;
  /** Runs after validation, before the provider is called; a throw answers 401. @default every request is allowed */
  authorize?: Authorize;
}

export type RequestHandler = (request: Request) => Promise<Response>;

/** A presign body is four short fields; 16 KB is generous and keeps a JSON bomb from being read. */
export const MAX_PRESIGN_BODY = 16 * 1024;
const FILE_TYPES: readonly FileType[] = ['image', 'video', 'audio', 'other'];

/** A Web-standard presign endpoint (Next.js route handlers, Hono, Bun, Deno; Node through `toNodeHandler`). */
export function createPresignHandler(options: PresignHandlerOptions): RequestHandler {
  const { provider, authorize } = options;
  if (typeof provider?.presign !== 'function') {
    throw new TypeError('createPresignHandler({ provider }): pass a provider such as eachlabs({ apiKey }).');
  }
  const rules = compileRules(options, provider.limits);
  return async (request) => {
    try {
      if (request.method !== 'POST') {
        throw new HttpError(405, 'method-not-allowed', 'Use POST to request an upload target.', { allow: 'POST' });
      }
      const upload = await readPresignRequest(request);
      rules.checkType(upload.contentType).checkSize(upload.size);
      if (authorize) {
        const answer = await runAuthorize(() => authorize(request, upload));
        if (answer) return answer;
      }
      const target: NativePresignResponse = await provider.presign(upload, {
        signal: request.signal,
        requestUrl: request.url,
      });
      return jsonResponse(target);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads and checks the JSON body; the filename only survives as a safe extension on a neutral name. */
async function readPresignRequest(request: Request): Promise<PresignRequest> {
  const type = request.headers.get('content-type') ?? '';
  // JSON only: a cross-site <form> can post text/plain without a preflight, it cannot post application/json.
  if (!JSON_TYPE.test(type)) {
    throw new HttpError(415, 'invalid-request', 'Send the presign request as JSON (Content-Type: application/json).');
  }
  const length = declaredLength(request.headers);
  if (length !== null && length > MAX_PRESIGN_BODY) throw tooLarge();
  const stream = unreadBody(request);
  let body: unknown;
  try {
    const bytes = await readLimited(stream, MAX_PRESIGN_BODY);
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw invalid('The body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object.');
  const { filename, contentType, size, fileType } = body as Record<string, unknown>;
  if (typeof filename !== 'string' || filename.length === 0 || filename.length > 1024) {
    throw invalid('"filename" must be a non-empty string of at most 1024 characters.');
  }
  if (typeof contentType !== 'string' || !isValidContentType(contentType)) {
    throw invalid('"contentType" must be a MIME type such as image/png.');
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid('"size" must be a whole number of bytes, 0 or more.');
  }
  if (typeof fileType !== 'string' || !FILE_TYPES.includes(fileType as FileType)) {
    throw invalid('"fileType" must be one of image, video, audio or other.');
  }
  return {
    filename: `upload${safeExtension(contentType, filename)}`,
    contentType,
    size,
    // The signed Content-Type is the truth; a fileType that contradicts it would only confuse the provider.
    fileType: fileTypeOf(contentType),
  };
}

const invalid = (message: string) => new HttpError(400, 'invalid-request', message);
const tooLarge = () =>
  new HttpError(413, 'invalid-request', `The presign request is larger than ${MAX_PRESIGN_BODY / 1024} KB.`);
