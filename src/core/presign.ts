// Asks the app for an upload target: POST JSON to a URL (same-origin credentials) or call the app's
// function, then read the answer with the response adapters. The API key never reaches this code.
import { parsePresignResponse } from './adapters/parsePresignResponse';
import { isObject } from './adapters/shared';
import { fileTypeOf } from './accept';
import { isUploadError, uploadError, withRetryAfter } from './errors';
import type { FileRecord } from './reducer';
import { ABORTED, untilAborted } from './retry';
import type { PresignRequest, ProviderName, UploadError, UploadOptions, UploadTarget } from './types';

export type PresignResult = { ok: true; target: UploadTarget } | { ok: false; error: UploadError } | { ok: false; aborted: true };

export interface PresignConfig {
  presign: UploadOptions['presign'];
  presignHeaders?: UploadOptions['presignHeaders'];
  provider?: ProviderName | undefined;
}

/**
 * Asks for a target for the file as it will be sent. `presignTimeoutMs` ends a presign that never answers, which would
 * otherwise leave the file "Preparing" for good; a cancel ends the wait at once, even for a function that ignores its
 * signal.
 */
export async function requestPresign(record: FileRecord, options: UploadOptions, outer: AbortSignal): Promise<PresignResult> {
  const req = { filename: record.upload.name, contentType: record.type, size: record.size, fileType: fileTypeOf(record.type) };
  const timeoutMs = options.presignTimeoutMs ?? 30_000;
  const controller = new AbortController();
  const stop = () => controller.abort();
  if (outer.aborted) stop();
  outer.addEventListener('abort', stop);
  // setTimeout would fire an infinite delay at once.
  const timer = timeoutMs > 0 && Number.isFinite(timeoutMs) ? setTimeout(stop, timeoutMs) : undefined;
  try {
    const result = await presignOnce(options, req, controller.signal);
    // Aborted, but not by a cancel: the time ran out.
    if (outer.aborted || !('aborted' in result)) return result;
    return failed(`Could not get an upload link for ${req.filename}: the presign endpoint did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', stop);
  }
}

async function presignOnce({ presign, presignHeaders, provider }: PresignConfig, req: PresignRequest, signal: AbortSignal): Promise<PresignResult> {
  let json: unknown;
  // The HTTP answer read, when there was one (not for a function's plain object): its status and text, and for a
  // refusal (not 2xx) its Retry-After (null when it had none).
  let status: number | undefined;
  let text = '';
  let refusedWith: string | null | undefined;
  try {
    json = await untilAborted(
      typeof presign === 'function'
        ? presign(req, { signal })
        : fetch(presign, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Accept: 'application/json',
              ...(typeof presignHeaders === 'function' ? presignHeaders() : presignHeaders),
            },
            body: JSON.stringify(req),
            credentials: 'same-origin',
            signal,
          }),
      signal,
    );
    // fetch's Response, or one an app function handed back instead of its JSON: both are read the same way.
    if (typeof presign !== 'function' || (typeof Response !== 'undefined' && json instanceof Response)) {
      const response = json as Response;
      status = response.status;
      text = await untilAborted(response.text(), signal);
      json = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {}
      if (!response.ok) refusedWith = response.headers.get('retry-after');
      else if (json === undefined) throw uploadError('presign-invalid-response', 'The presign response is not JSON.', { status, cause: text.slice(0, 500) });
    }
  } catch (cause) {
    if (signal.aborted) return ABORTED;
    // Our own reader's failures, and an app function's own UploadError, are kept as they are.
    if (isUploadError(cause)) return { ok: false, error: cause };
    const causeStatus = (cause as { status?: unknown } | null)?.status;
    // An error thrown with an HTTP `status` (an app's client library) keeps it; 0 counts as none.
    const withStatus = typeof causeStatus === 'number' && causeStatus ? causeStatus : undefined;
    return failed(`Could not get an upload link for ${req.filename}: ${messageOf(cause)}`, { cause, status: withStatus });
  }
  if (signal.aborted) return ABORTED;
  if (refusedWith === undefined) {
    const parsed = parsePresignResponse(json, provider, req.contentType);
    // A 200 `{ "error": … }` is the server saying no, not a malformed target: keep its words for the user.
    if (parsed.ok || parsed.error.code !== 'presign-invalid-response' || !(isObject(json) && 'error' in json)) return parsed;
  }
  return { ok: false, error: withRetryAfter(await refusal(req.filename, json, text, signal, status), refusedWith) };
}

/**
 * The refusal's words, from presignRefusal.ts loaded now. If it cannot load, or a cancel or the timeout comes first (the
 * answer is in, so no slot waits on a stalled chunk), a plain sentence: the status and the answer are kept (5xx, 408
 * and 429 are still retried), and the caller keeps a 429/503's Retry-After either way. A canceled run's error is
 * dropped by the reducer, as any late action of a run that ended.
 */
const refusal = (filename: string, answer: unknown, text: string, signal: AbortSignal, status?: number): Promise<UploadError> =>
  untilAborted(import('./presignRefusal'), signal).then(
    (m) => m.presignRefusal(filename, answer, text, status),
    () => uploadError('presign-failed', `The presign request for ${filename} failed.`, { status, cause: answer ?? text }),
  );

function failed(message: string, extra?: { cause: unknown; status: number | undefined }): PresignResult {
  return { ok: false, error: uploadError('presign-failed', message, extra) };
}

function messageOf(cause: unknown): string {
  // fetch's network failure, and a bug in the app's presign function or presignHeaders (`undefined.x`): no telling
  // them apart, so words true of both; the error itself is the cause.
  if (cause instanceof TypeError) return 'the presign request failed. Check your connection.';
  if (cause instanceof Error && cause.message) return `${cause.message}.`.replace(/\.\.$/, '.');
  return 'the presign request failed.';
}
