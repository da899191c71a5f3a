// Sends one file to storage with XMLHttpRequest (fetch has no upload progress): a PUT of the File itself
// (never read into memory) or a multipart POST. Abort, stall timer and every listener end together.
import { reasonOf, uploadError } from './errors';
import { ABORTED } from './retry';
import type { UploadError, UploadErrorCode, UploadTarget } from './types';
import { checkValue, originOf } from './urls';

export type TransportResult = { ok: true; value: string } | { ok: false; error: UploadError } | { ok: false; aborted: true };

export interface SendOptions {
  target: UploadTarget;
  file: File;
  /** The type presigned (the bytes' when they said): a multipart part is sent with it, whatever the File says. */
  type: string;
  signal: AbortSignal;
  /** A test's stand-in (UploaderInternals); a real XMLHttpRequest when undefined. */
  createXhr: (() => XMLHttpRequest) | undefined;
  /** No progress for this long aborts the attempt as `stalled`. */
  stallTimeoutMs: number;
  onProgress: (loaded: number, total: number) => void;
}

/** After the last byte, how many stall times storage gets to answer. */
const ANSWER_FACTOR = 2;

export function sendFile(options: SendOptions): Promise<TransportResult> {
  const { target, file, signal, stallTimeoutMs } = options;
  if (signal.aborted) return Promise.resolve(ABORTED);
  const xhr = options.createXhr?.() ?? new XMLHttpRequest();
  return new Promise<TransportResult>((resolve) => {
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    // Every listener is added with this signal: one abort removes them all when the attempt ends.
    const listening = new AbortController();
    const on = (emitter: EventTarget, type: string, listener: (event: ProgressEvent) => void) =>
      emitter.addEventListener(type, listener as EventListener, { signal: listening.signal });

    const finish = (result: TransportResult) => {
      if (listening.signal.aborted) return;
      listening.abort();
      clearTimeout(stallTimer);
      resolve(result);
    };
    const fail = (code: UploadErrorCode, message: string, extra?: { status?: number; cause?: unknown }) =>
      finish({ ok: false, error: uploadError(code, message, extra) });
    // A stall is measured from the last sign of life, not from the start (Uppy's ProgressTimeout).
    const armStallTimer = (factor = 1) => {
      clearTimeout(stallTimer);
      if (stallTimeoutMs > 0 && Number.isFinite(stallTimeoutMs)) stallTimer = setTimeout(onStall, stallTimeoutMs * factor);
    };
    const onStall = () => {
      const seconds = Math.round(stallTimeoutMs / 1000);
      fail('stalled', `The upload of ${file.name} made no progress for ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and was stopped.`);
      xhr.abort();
    };
    on(signal, 'abort', () => {
      finish(ABORTED);
      xhr.abort();
    });
    on(xhr.upload, 'progress', (event) => {
      const total = event.lengthComputable && event.total > 0 ? event.total : file.size;
      // Every byte is handed over: storage may take its time to answer (a retry now could store the file twice), so
      // it gets twice the stall time; a server that stopped reading (the bytes sit in socket buffers) still ends.
      armStallTimer(event.loaded >= total ? ANSWER_FACTOR : 1);
      options.onProgress(Math.min(event.loaded, total), total);
    });
    on(xhr.upload, 'load', () => armStallTimer(ANSWER_FACTOR));
    on(xhr, 'load', () => {
      // The response type is never set, so the text is there to read (a test's fake may have none).
      const body = String(xhr.responseText ?? '');
      const { status } = xhr;
      // A 3xx to another site: whatever it answered is not storage's word that the file is stored.
      // Not redirected (the usual case): the URLs are the same and need no parsing, twice per upload. A test's fake XHR
      // may have no responseURL.
      const final = xhr.responseURL;
      const elsewhere = !!final && final !== target.url && originOf(final) !== originOf(target.url);
      if (!elsewhere && status >= 200 && status < 300) {
        const value = target.value ?? valueFromResponse(body);
        // A value read from the answer gets the scheme rule a presigned one got when it was read (`javascript:`,
        // plain http).
        const problem = target.value ? null : value ? checkValue(value) : 'the storage answer had no URL or file id to use';
        if (!problem) return finish({ ok: true, value: value! });
        return fail('upload-failed', `${file.name} was uploaded, but ${problem}.`, { status, cause: body.slice(0, 2000) });
      }
      refused(status, body, elsewhere);
    });
    // No 'timeout' listener: `xhr.timeout` is never set (the stall timer is the timeout), so it never fires. An 'abort'
    // heard here is not ours (our cancel and stall finish first): the browser ended the request (the user stopped the
    // page, Esc), so it ends as a network error and is tried again, instead of leaving the file uploading for good.
    for (const type of ['error', 'abort']) on(xhr, type, () => refused(0));
    // Storage refused the file, sent it elsewhere, or never answered (status 0): that is worded by code loaded only now,
    // with no stall timer running meanwhile. If that code cannot load (offline), the status makes the sentence: a
    // network error, 5xx, 408 and 429 are still retried, and a 403 that says "expired" is still presigned again.
    function refused(status: number, body = '', elsewhere = false) {
      clearTimeout(stallTimer);
      const header = (name: string) => xhr.getResponseHeader(name);
      import('./storageError').then(
        (m) => finish({ ok: false, error: m.storageError(status, body, header, file.name, elsewhere ? xhr.responseURL : '') }),
        () => {
          const expired = status === 403 && /expired/i.test(body + header('x-amz-error-code'));
          if (!status) fail('network-error', `Could not send ${file.name}: storage could not be reached.`);
          else fail(expired ? 'upload-expired' : 'upload-failed', `Storage refused ${file.name} with status ${status}.`, { status });
        },
      );
    }

    try {
      xhr.open(target.method, target.url);
      // Cookies and the app's auth never go to the storage host (its CORS answers `*` anyway).
      xhr.withCredentials = false;
      for (const [name, value] of Object.entries(target.headers)) {
        // The browser writes the multipart boundary itself; a fixed Content-Type would break the body.
        if (target.method === 'POST' && name.toLowerCase() === 'content-type') continue;
        xhr.setRequestHeader(name, value);
      }
      armStallTimer();
      xhr.send(target.method === 'PUT' ? file : multipartBody(target, file, options.type));
    } catch (cause) {
      // A header name or value the browser refuses (a newline in a required header) throws here: end as data,
      // with every listener removed, instead of a rejection that leaves them attached.
      fail('upload-failed', `Could not send ${file.name}: the upload request could not be built from the presign response${reasonOf(cause)}.`, { cause });
    }
  });
}

function multipartBody(target: UploadTarget, file: File, type: string): FormData {
  const form = new FormData();
  // Presigned POST policies (S3) require the fields before the file.
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  // A HEIC that Windows types "" would go as application/octet-stream, and a proxy checking types refuses it.
  form.append(target.fileField, file.type === type ? file : new File([file], file.name, { type }), file.name);
  return form;
}

/** The form value from a multipart upload's JSON answer: `urls.get` (pruna), `data.publicUrl`, `publicUrl`, `url`. */
export function valueFromResponse(body: string): string | null {
  try {
    // Object(): a JSON null, number or string has none of these fields.
    const j: { urls?: { get?: unknown }; data?: { publicUrl?: unknown }; publicUrl?: unknown; url?: unknown } = Object(JSON.parse(body));
    return [j.urls?.get, j.data?.publicUrl, j.publicUrl, j.url].find((candidate): candidate is string => typeof candidate === 'string' && !!candidate) ?? null;
  } catch {
    return null;
  }
}
