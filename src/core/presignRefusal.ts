// What the presign endpoint said when it refused: an answer that is not 2xx, or a 2xx `{ "error": … }`. Loaded only
// when that happens: the endpoint answered, so the network is up; presign.ts falls back to a plain sentence (without
// the server's words) if this module cannot load, or a cancel or the presign timeout comes first.
import { isRejection, isRetryableStatus, isUploadError, uploadError } from './errors';
import type { UploadError } from './types';

/**
 * The refusal as an error. `answer` is the parsed body (undefined when it was not JSON), `text` the raw one;
 * `status` is undefined for an app function's plain object.
 */
export function presignRefusal(filename: string, answer: unknown, text: string, status?: number): UploadError {
  const words = serverMessage(answer);
  // Our server handler's own check (`{ "error": { "code": "file-too-large" } }`, a 400): the file itself was refused,
  // with the browser's code, so the row offers Remove, not a Retry that would be refused the same way.
  const refused = { code: (answer as { error?: { code?: unknown } } | null | undefined)?.error?.code, message: '' };
  if (isUploadError(refused) && isRejection(refused) && !isRetryableStatus(status ?? 0)) {
    return uploadError(refused.code, `The server refused ${filename}${words ? `: ${words}` : ''}`.replace(/\.?$/, '.'), { status, cause: answer });
  }
  // A 2xx that says no: the server's words, else a plain reason. One full stop, whether the words end with one or not.
  const message = (
    status === undefined || (status >= 200 && status < 300)
      ? `The presign request for ${filename} failed: ${words ?? 'the server answered an error'}`
      : `The presign request for ${filename} failed with status ${status}${words ? `: ${words}` : ''}`
  ).replace(/\.?$/, '.');
  return uploadError('presign-failed', message, { status, cause: answer ?? text });
}

/** The server's own words: `{ error: { message } }` (our handlers), `{ error }` (eachlabs), `{ msg }` (apimodels). */
export function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, msg, message } = body as Record<string, any>;
  const words = [typeof error === 'object' && error !== null ? error.message : error, msg, message];
  return words.find((text) => typeof text === 'string') ?? null;
}
