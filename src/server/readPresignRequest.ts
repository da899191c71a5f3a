// What createPresignHandler checks before it asks anyone (authorize, the provider): method, body, fields, type and
// size, each refusal an HttpError. Web-standard and key-free, so presignEndpointMock (media-uploader/testing) runs
// these same checks and refuses what the real route refuses, in the same words.
import type { FileType, PresignRequest } from '../core/types';
import { fileTypeOf } from '../core/accept';
import { HttpError } from './errors';
import { BodyTooLargeError, declaredLength, JSON_TYPE, readLimited, unreadBody } from './readBody';
import { safeExtension } from './safeExtension';
import { isValidContentType, type CompiledRules } from './uploadRules';

/** A presign body is four short fields; 16 KB is generous and keeps a JSON bomb from being read. */
export const MAX_PRESIGN_BODY = 16 * 1024;
const FILE_TYPES: readonly FileType[] = ['image', 'video', 'audio', 'other'];

/** The checked request, or an HttpError: 405, 415, 413, 400 invalid-request, then 400 with the browser's file codes. */
export async function readPresignRequest(request: Request, rules: CompiledRules): Promise<PresignRequest> {
  return checkPresignBody(await readPresignJson(request), rules);
}

/** The method, the Content-Type and the size of the body, then its JSON (not yet checked). */
export async function readPresignJson(request: Request): Promise<unknown> {
  if (request.method !== 'POST') {
    throw new HttpError(405, 'method-not-allowed', 'Use POST to request an upload target.', { allow: 'POST' });
  }
  // JSON only: a cross-site <form> can post text/plain without a preflight, it cannot post application/json.
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    throw new HttpError(415, 'invalid-request', 'Send the presign request as JSON (Content-Type: application/json).');
  }
  const length = declaredLength(request.headers);
  if (length !== null && length > MAX_PRESIGN_BODY) throw tooLarge();
  const stream = unreadBody(request);
  try {
    const bytes = await readLimited(stream, MAX_PRESIGN_BODY);
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw invalid('The body is not valid JSON.');
  }
}

/** The body's fields, then the type and size rules; the filename only survives as a safe extension on a neutral name. */
export function checkPresignBody(body: unknown, rules: CompiledRules): PresignRequest {
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
  rules.checkType(contentType).checkSize(size);
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
