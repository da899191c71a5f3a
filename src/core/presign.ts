// Asks the app for an upload target: POST JSON to a URL (same-origin credentials) or call the app's
// function, then read the answer with the response adapters. The API key never reaches this code.
import { parsePresignResponse } from './adapters/parsePresignResponse';
import { isUploadError, uploadError, withRetryAfter } from './errors';
import type { PresignRequest, ProviderName, UploadError, UploadOptions, UploadTarget } from './types';

export type PresignResult = { ok: true; target: UploadTarget } | { ok: false; error: UploadError } | { ok: false; aborted: true };

export interface PresignConfig {
  presign: UploadOptions['presign'];
  presignHeaders?: UploadOptions['presignHeaders'];
  provider?: ProviderName | undefined;
}

/**
 * `timeoutMs` (the stall timeout) ends a presign that never answers, which would otherwise leave the file
 * "Preparing" for good; a cancel ends the wait at once, even for a function that ignores its signal.
 */
export async function requestPresign(
  config: PresignConfig,
  req: PresignRequest,
  outer: AbortSignal,
  timeoutMs = 0,
): Promise<PresignResult> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  if (outer.aborted) stop();
  outer.addEventListener('abort', stop);
  let timedOut = false;
  const timer =
    timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, timeoutMs)
      : undefined;
  try {
    const result = await presignOnce(config, req, controller.signal);
    if (!timedOut || !('aborted' in result)) return result;
    const message = `Could not get an upload link for ${req.filename}: the presign endpoint did not answer within ${Math.round(timeoutMs / 1000)} seconds.`;
    return { ok: false, error: uploadError('presign-failed', message) };
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', stop);
  }
}

async function presignOnce(config: PresignConfig, req: PresignRequest, signal: AbortSignal): Promise<PresignResult> {
  let json: unknown;
  // The HTTP status of the answer read, when there was one (not for a function's plain object).
  let status: number | undefined;
  const read = (response: Response) => {
    status = response.status;
    return readResponse(response, req);
  };
  try {
    json = await untilAborted(
      typeof config.presign === 'function'
        ? config.presign(req, { signal })
        : fetchPresign(config.presign, config.presignHeaders, req, signal, read),
      signal,
    );
    // A function may hand back fetch's Response instead of its JSON: read it the same way as a URL's.
    if (typeof Response !== 'undefined' && json instanceof Response) json = await untilAborted(read(json), signal);
  } catch (cause) {
    if (signal.aborted) return { ok: false, aborted: true };
    if (cause instanceof PresignFailure) return { ok: false, error: cause.error };
    if (isUploadError(cause)) return { ok: false, error: cause };
    const causeStatus = statusOf(cause);
    const message = `Could not get an upload link for ${req.filename}: ${messageOf(cause)}`;
    return { ok: false, error: uploadError('presign-failed', message, { cause, ...(causeStatus ? { status: causeStatus } : {}) }) };
  }
  if (signal.aborted) return { ok: false, aborted: true };
  const parsed = parsePresignResponse(json, config.provider ?? 'auto', req.contentType);
  // A 200 `{ "error": … }` is the server saying no, not a malformed target: keep its words for the user.
  const reason = !parsed.ok && parsed.error.code === 'presign-invalid-response' ? errorReason(json) : null;
  if (reason === null) return parsed;
  const message = `The presign request for ${req.filename} failed: ${reason}`.replace(/\.?$/, '.');
  return { ok: false, error: uploadError('presign-failed', message, { cause: json, ...(status === undefined ? {} : { status }) }) };
}

/** The server's words when an answer carries an `error` key (and no upload URL). */
function errorReason(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || !('error' in json)) return null;
  return serverMessage(json) ?? 'the server answered an error';
}

async function fetchPresign(
  url: string,
  presignHeaders: PresignConfig['presignHeaders'],
  req: PresignRequest,
  signal: AbortSignal,
  read: (response: Response) => Promise<unknown>,
): Promise<unknown> {
  const extra = typeof presignHeaders === 'function' ? presignHeaders() : presignHeaders;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...extra },
    body: JSON.stringify(req),
    credentials: 'same-origin',
    signal,
  });
  return read(response);
}

async function readResponse(response: Response, req: PresignRequest): Promise<unknown> {
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const reason = serverMessage(body);
    const message = `The presign request for ${req.filename} failed with status ${response.status}${reason ? `: ${reason}` : ''}.`;
    const error = uploadError('presign-failed', message, { status: response.status, cause: body ?? text });
    throw new PresignFailure(withRetryAfter(error, response.headers.get('retry-after')));
  }
  if (body === undefined) {
    throw new PresignFailure(
      uploadError('presign-invalid-response', 'The presign response is not JSON.', { status: response.status, cause: text.slice(0, 500) }),
    );
  }
  return body;
}

/** The server's own words: `{ error: { message } }` (our handler), `{ error }` (eachlabs), `{ msg }` (apimodels). */
export function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'object' && b.error !== null && typeof (b.error as Record<string, unknown>).message === 'string') {
    return (b.error as { message: string }).message;
  }
  if (typeof b.error === 'string') return b.error;
  if (typeof b.msg === 'string') return b.msg;
  if (typeof b.message === 'string') return b.message;
  return null;
}

/** Carries a failure out of the response reader to the one place that turns failures into results. */
class PresignFailure {
  constructor(readonly error: UploadError) {}
}

function statusOf(cause: unknown): number | undefined {
  const status = (cause as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(cause: unknown): string {
  if (cause instanceof TypeError) return 'the presign endpoint could not be reached. Check your connection.';
  if (cause instanceof Error && cause.message) return `${cause.message}.`.replace(/\.\.$/, '.');
  return 'the presign request failed.';
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (an app function may ignore its signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
