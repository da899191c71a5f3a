// Runs one file from `queued` to `done` or `error`. What happens next is read from the file's record each time
// round (its status, target, attempt and backoff), never kept here: cancel, remove and retry only change state.
import { onlineManager } from '@tanstack/query-core';
import { asUploadError, isRetryable } from './errors';
import { loadPrepareStep, needsPreparation } from './needsPreparation';
import { requestPresign } from './presign';
import type { FileAction, FileRecord } from './reducer';
import { ABORTED, abortableWait, retryDelay, sleep } from './retry';
import { speedOf } from './snapshot';
import { sendFile } from './transport';
import type { UploadError, UploadOptions, UploadTarget } from './types';

export interface DriveContext {
  id: string;
  run: number;
  signal: AbortSignal;
  get: () => FileRecord | undefined;
  dispatch: (action: FileAction) => void;
  /** Terminal transitions: flush progress, dispatch, tell the app, start the next file. */
  finish: (action: Extract<FileAction, { type: 'done' | 'fail' }>) => void;
  options: () => UploadOptions & { createXhr?: () => XMLHttpRequest };
  onProgress: (loaded: number, total: number) => void;
  /** The last measured speed of any file: tells a fresh upload whether its target outlives it. */
  lastSpeed: () => number | null;
  /** A presign asked for before this run started (presignAhead.ts), on this run's controller: what its answer does. */
  ahead: Promise<EarlyAnswer> | undefined;
  /** Set by driveUpload: whether the browser went offline in this attempt, after a moment to hear it (failed()). */
  offline?: () => boolean | Promise<boolean>;
}

/** What a presign asked ahead (presignAhead.ts) does to the run that takes it: its target or its failure, recorded. */
export type EarlyAnswer = (ctx: DriveContext) => void | Promise<void>;

/** How long a last attempt's failure with no answer waits for the `offline` event that may follow it (failed()). */
export const OFFLINE_EVENT_WAIT_MS = 3000;

export async function driveUpload(ctx: DriveContext): Promise<string> {
  const { id, run, signal } = ctx;
  await whenOnline(signal);
  const current = (): FileRecord => {
    const record = ctx.get();
    if (signal.aborted || !record || (record.run !== run && record.run !== 0)) throw ABORTED;
    return record;
  };
  // Without a preparation option that applies to this file, it goes straight to `presigning`.
  const prepare = needsPreparation(current(), ctx.options());
  // Whether the browser went offline since this attempt began, heard until the run ends (its signal aborts then): the
  // one place a failure is put down to the network. `offline` gives the event OFFLINE_EVENT_WAIT_MS to come: sockets
  // fail as soon as the network goes, but Chromium tells pages later, as it coalesces network changes for up to 2 s
  // (NetworkChangeNotifier's offline delays: 2 s on Linux, 1.5 s on Windows, 1 s on macOS).
  let dropped = false;
  signal.addEventListener('abort', onlineManager.subscribe((online) => void (dropped ||= !online)));
  ctx.offline = () => dropped || sleep(OFFLINE_EVENT_WAIT_MS, signal).then(() => dropped);
  ctx.dispatch({ type: 'start', id, run, prepare });
  // A presign asked while the file waited for its slot is this run's first: its target is used like a kept one
  // (transfer checks its expiry), its failure like any presign's (retried or final, Retry-After kept). Not after a
  // preparation: the file sent is another, and that answer goes unused.
  if (!prepare) await (await ctx.ahead)?.(ctx);
  for (;;) {
    const record = current();
    if (record.status === 'done') return record.value!;
    if (record.status === 'error') throw record.error;
    if (record.run !== run) throw ABORTED;
    // A failed attempt waits for its backoff, then for the network, whatever the wait: a failure put down to the
    // network starts no attempt while offline, even when its backoff ran out meanwhile (a last attempt's moment).
    if (record.retryAt) {
      await sleep(record.retryAt - Date.now(), signal);
      await whenOnline(signal);
      // A failure with a drop of the network during its attempt or its backoff (the error often comes before the
      // `offline` event) is put down to the network, and spends no attempt, however short the drop: a train's flaky
      // connection would otherwise use them all up. Each one given back needs the browser to go offline, so a server
      // that keeps failing while the network is up still runs out of them.
      ctx.dispatch({ type: 'wait', id, run, retryAt: 0, attempt: record.attempt - +dropped });
      continue;
    }
    // An attempt begun offline (its offline event heard before a preparation ended, or before an expiry's new presign)
    // is put down to the network too: no event will follow its failure.
    dropped = !onlineManager.isOnline();
    try {
      if (record.status === 'preparing') {
        // The `preparing` step (prepareStep.ts, loaded only now): applies the `prepared` transition, or resolves with
        // the error that ends the upload.
        const error = await loadPrepareStep().then((m) => m.prepareStep(record, ctx.options(), signal, run, ctx.dispatch));
        current();
        if (error) ctx.finish({ type: 'fail', id, run, error });
      } else {
        // In this run (its run number) the file is `preparing`, `presigning` or `uploading`: the others end a run.
        await transfer(ctx, record);
      }
    } catch (failure) {
      if (failure === ABORTED || signal.aborted) throw ABORTED;
      // A bug or a missing XMLHttpRequest (SSR) still ends as data on the file, never as an unhandled rejection.
      ctx.finish({ type: 'fail', id, run, error: asUploadError(failure, record.name) });
    }
  }
}

/** Presigns when there is no target or it will expire before the file is sent, then sends the file. */
async function transfer(ctx: DriveContext, record: FileRecord): Promise<void> {
  const { id, run, signal } = ctx;
  const options = ctx.options();
  let target = record.target;
  // A target is too old when it expired, or will before the whole file can go at the measured speed. Without an
  // expiry, `remaining` is NaN: no comparison holds. No speed measured (null or 0): no estimate.
  const remaining = target?.expiresAt! - Date.now();
  const speed = speedOf(record.samples) ?? ctx.lastSpeed();
  if (!target || remaining <= 0 || (speed! > 0 && remaining < (record.size / speed!) * 1000)) {
    if (record.status !== 'presigning' || target) ctx.dispatch({ type: 'presign', id, run, expired: false });
    // A target that arrives already expired is asked for once more (a server or client clock off); after that,
    // storage decides.
    for (let asked = 0; asked < 2; asked++) {
      const presigned = await requestPresign(record, options, signal);
      if (!presigned.ok) {
        if ('aborted' in presigned) throw ABORTED;
        return failed(ctx, presigned.error);
      }
      target = presigned.target;
      if (target.expiresAt === undefined || target.expiresAt > Date.now()) break;
    }
    ctx.dispatch({ type: 'presigned', id, run, target: target! });
  }
  ctx.dispatch({ type: 'send', id, run, at: Date.now() });
  const sent = await sendFile({
    target: target!,
    file: record.upload,
    type: record.type,
    signal,
    createXhr: options.createXhr,
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
    onProgress: ctx.onProgress,
  });
  if (sent.ok) return ctx.finish({ type: 'done', id, run, value: sent.value });
  if ('aborted' in sent) throw ABORTED;
  return failed(ctx, sent.error);
}

/**
 * A failed attempt: presign again after an expiry (once), wait and try again, or end as an error. The wait counts from
 * `at`, when the failure was known: a presign asked ahead may have failed well before its run takes the answer.
 */
export async function failed(ctx: DriveContext, error: UploadError, at = Date.now()): Promise<void> {
  const { id, run } = ctx;
  const record = ctx.get();
  if (!record) return;
  if (error.code === 'upload-expired' && !record.expiredRetryUsed) {
    return ctx.dispatch({ type: 'presign', id, run, expired: true });
  }
  // The last attempt's retryable failure with no answer (a network error, a stall, a presign that could not be sent)
  // that the network explains ends no file: it waits a moment for the `offline` event that follows it, then is counted
  // one fewer, waits for the network (whenOnline) and is given back (driveUpload). A final failure (an invalid presign
  // answer) ends it at once; `retry: false` (no attempt to count) too.
  const delay =
    retryDelay(record.attempt, error, ctx.options().retry) ??
    (record.attempt && !error.status && isRetryable(error) && (await ctx.offline!()) ? retryDelay(record.attempt - 1, error, ctx.options().retry) : null);
  if (delay === null) return ctx.finish({ type: 'fail', id, run, error });
  // Only transient failures are retried (network, stall, 5xx, 408, 429): storage may take this very target next
  // time, so it is kept (transfer() still presigns again once it expires or would before the file is sent). A 5xx
  // re-presigned for nothing. Refusals of the target itself are 403s: an expired one was presigned again above, the
  // others (SignatureDoesNotMatch, AccessDenied) are final, as a URL signed the same way would be refused the same way.
  ctx.dispatch({ type: 'wait', id, run, retryAt: at + delay, attempt: record.attempt + 1 });
}

/** Offline, nothing starts: waits for TanStack's onlineManager to say the network is back. */
async function whenOnline(signal: AbortSignal): Promise<void> {
  if (!onlineManager.isOnline()) await abortableWait(signal, (done) => onlineManager.subscribe((online) => online && done()));
}

