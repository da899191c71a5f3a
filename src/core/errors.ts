// Errors are data: a stable code, a sentence for the user, the HTTP status and the cause for developers.
import type { UploadError, UploadErrorCode } from './types';

export function uploadError(
  code: UploadErrorCode,
  message: string,
  extra: { status?: number; cause?: unknown } = {},
): UploadError {
  const error: UploadError = { code, message };
  if (extra.status !== undefined) error.status = extra.status;
  if (extra.cause !== undefined) error.cause = extra.cause;
  return error;
}

/** " (what went wrong)" from a thrown Error's message, for the end of a sentence; '' when there is none. */
export function reasonOf(cause: unknown): string {
  return cause instanceof Error && cause.message ? ` (${cause.message})` : '';
}

/** A bug or a missing XMLHttpRequest (SSR) still ends as data on the file, never as an unhandled rejection. */
export function asUploadError(failure: unknown, name: string): UploadError {
  if (isUploadError(failure)) return failure;
  return uploadError('upload-failed', `The upload of ${name} failed unexpectedly${reasonOf(failure)}.`, { cause: failure });
}

/** Every `UploadErrorCode` (test/types/public-api.test-d.ts keeps the two equal). */
export const UPLOAD_ERROR_CODES = [
  'file-invalid-type',
  'file-too-large',
  'file-too-small',
  'too-many-files',
  'file-invalid-dimensions',
  'file-invalid-duration',
  'prepare-failed',
  'presign-failed',
  'presign-invalid-response',
  'upload-failed',
  'upload-expired',
  'network-error',
  'stalled',
] as const satisfies readonly UploadErrorCode[];

/**
 * True for an UploadError: ours, or one an app's function threw with one of our codes. An error with a `code` of its
 * own (axios' ERR_NETWORK, Firebase's storage/unknown, Node's ECONNRESET, an app's `forbidden`) is not one: it is
 * wrapped (presign-failed, retried) instead of reaching the app's onError with a code outside the union.
 */
export function isUploadError(value: unknown): value is UploadError {
  return (UPLOAD_ERROR_CODES as readonly unknown[]).includes((value as UploadError | null)?.code) && typeof (value as UploadError).message === 'string';
}

/**
 * The file itself was refused (by the checks here or by the app's server): Retry cannot help. These are the `file-*`
 * codes (type, size, dimensions, duration) and `too-many-files`.
 */
export function isRejection(error: UploadError | null): boolean {
  return error !== null && /^(file-|too-many-files$)/.test(error.code);
}

/**
 * Network errors, stalls, 5xx, 408 and 429 may pass on a second try; other 4xx never will, nor our server handler's
 * 502 for a provider's own refusal (a wrong API key, the provider's 4xx: src/server/provider.ts providerFailure).
 */
export function isRetryable(error: UploadError): boolean {
  if (error.code === 'network-error' || error.code === 'stalled') return true;
  // The refusal's body is its cause (presign.ts), whether its words loaded or not.
  if (/^provider-(unauthorized|rejected)$/.test((error.cause as { error?: { code?: string } } | null)?.error?.code!)) return false;
  if (error.status !== undefined) return isRetryableStatus(error.status);
  // A presign that never got an HTTP answer (fetch threw, the app's function threw) is a network-like failure.
  return error.code === 'presign-failed';
}

// Kept beside the error rather than in it: `UploadError` is public and `cause` already has a shape per source.
const retryAfters = new WeakMap<UploadError, number>();
/** The longest wait a server's Retry-After may impose: a huge or far-future value still ends in an answer. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Remembers a 429/503 `Retry-After` (seconds or an HTTP date) on the error, for the retry delay to honour. */
export function withRetryAfter(error: UploadError, header: string | null | undefined, now = Date.now()): UploadError {
  const value = header?.trim();
  if (!value) return error;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (Number.isFinite(ms) && ms > 0) retryAfters.set(error, Math.min(ms, MAX_RETRY_AFTER_MS));
  return error;
}

/** The wait the server asked for before trying again, in ms, if it said. */
export function retryAfterOf(error: UploadError): number | undefined {
  return retryAfters.get(error);
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
