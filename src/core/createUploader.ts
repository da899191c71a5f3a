// The store: framework-free, `subscribe` + `getSnapshot` for useSyncExternalStore. State changes only
// through `dispatch` into the reducer; each upload runs as a TanStack Query mutation (retries, offline).
import { QueryClient } from '@tanstack/query-core';
import { runAttempt } from './attempt';
import { createProgressBatcher, defaultScheduleFrame, type ScheduleFrame } from './frames';
import { initialState, isActive, uploaderReducer, type FileRecord, type UploaderAction, type UploaderState } from './reducer';
import { ABORTED, resolveRetryPolicy, runUploadMutation } from './retry';
import { buildSnapshot, speedOf, type EntryCache } from './snapshot';
import { isRejection } from './errors';
import { asUploadError, newRecord, previewFor, revokePreview } from './records';
import type { Uploader, UploaderSnapshot, UploadFile, UploadOptions, UploadTarget } from './types';
import { checkBatch } from './validate';

/** Options only tests and custom runtimes need; kept off the public `UploadOptions` contract. */
export interface UploaderInternals {
  /** Schedules the progress flush; defaults to requestAnimationFrame, else a 16 ms timer. */
  scheduleFrame?: ScheduleFrame;
}

interface Job {
  controller: AbortController;
  detach: () => void;
  discard: () => void;
  target: UploadTarget | undefined;
  expiredRetryUsed: boolean;
}

let uploaderCount = 0;

/**
 * Runs an app callback (onUploaded, onError) so that one that throws cannot stall the queue or leave the rest of
 * a batch unchecked; the error is still reported where the app sees uncaught errors.
 */
function callApp(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    if (typeof reportError === 'function') reportError(error);
    else console.error(error);
  }
}

export function createUploader(initialOptions: UploadOptions & UploaderInternals): Uploader {
  let options = initialOptions;
  let state: UploaderState = initialState;
  let snapshot: UploaderSnapshot | null = null;
  let snapshotOf: UploaderState | null = null;
  let destroyed = false;
  let fileCount = 0;
  let runCount = 0;
  let privateClient: QueryClient | null = null;
  let lastSpeed: number | null = null;
  const uploaderId = `u${++uploaderCount}`;
  const cache: EntryCache = new WeakMap();
  const listeners = new Set<() => void>();
  const jobs = new Map<string, Job>();
  const waiting: string[] = [];
  /** Files whose bytes are still being sniffed: not typed or validated yet, so they may not start. */
  const unchecked = new Set<string>();
  const progress = createProgressBatcher(
    () => options.scheduleFrame ?? defaultScheduleFrame,
    (updates) => {
      dispatch({ type: 'progress', updates });
      for (const u of updates) lastSpeed = speedOf(find(u.id)?.samples ?? []) ?? lastSpeed;
    },
  );

  function dispatch(action: UploaderAction): void {
    if (destroyed) return;
    const next = uploaderReducer(state, action);
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  }

  function getSnapshot(): UploaderSnapshot {
    if (snapshot === null || snapshotOf !== state) {
      snapshot = buildSnapshot(state, cache);
      snapshotOf = state;
    }
    return snapshot;
  }

  const find = (id: string): FileRecord | undefined => state.files.find((f) => f.id === id);
  const entry = (id: string): UploadFile | undefined => getSnapshot().files.find((f) => f.id === id);

  function client(): QueryClient {
    if (options.queryClient) return options.queryClient;
    if (!privateClient) {
      privateClient = new QueryClient();
      // mount() lets the onlineManager resume mutations paused while offline.
      privateClient.mount();
    }
    return privateClient;
  }

  /** Ends an upload's work without a status change (remove, replace, clear, destroy). */
  function stopWork(id: string): void {
    const index = waiting.indexOf(id);
    if (index !== -1) waiting.splice(index, 1);
    const job = jobs.get(id);
    if (job) {
      jobs.delete(id);
      job.controller.abort();
      job.discard();
    }
    progress.drop(id);
  }

  function pump(): void {
    const limit = Math.max(1, options.concurrency ?? 3);
    while (!destroyed && jobs.size < limit && waiting.length > 0) startJob(waiting.shift()!);
  }

  function startJob(id: string): void {
    const record = find(id);
    if (!record || record.status !== 'queued') return;
    const job: Job = {
      controller: new AbortController(),
      detach: () => {},
      discard: () => {},
      target: undefined,
      expiredRetryUsed: false,
    };
    jobs.set(id, job);
    const signal = job.controller.signal;
    const mutation = runUploadMutation({
      client: client(),
      key: ['media-uploader', uploaderId, id, ++runCount],
      policy: () => resolveRetryPolicy(options.retry),
      signal,
      onRetry: () => {
        if (jobs.get(id) !== job) return;
        progress.flush();
        dispatch({ type: 'retrying', id });
      },
      run: () =>
        runAttempt({
          file: record.file,
          contentType: record.type || 'application/octet-stream',
          signal,
          presign: options,
          createXhr: options.createXhr ?? (() => new XMLHttpRequest()),
          stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
          target: job.target,
          setTarget: (target) => (job.target = target),
          speed: () => speedOf(find(id)?.samples ?? []) ?? lastSpeed,
          expiredRetryUsed: job.expiredRetryUsed,
          markExpiredRetry: () => (job.expiredRetryUsed = true),
          onPresign: () => dispatch({ type: 'presign', id }),
          onStart: () => dispatch({ type: 'start', id, total: record.size, at: Date.now() }),
          onProgress: (loaded, total) => {
            if (jobs.get(id) === job) progress.push({ id, loaded, total, at: Date.now() });
          },
          now: Date.now,
        }),
    });
    job.detach = mutation.detach;
    job.discard = mutation.discard;
    mutation.promise.then(
      (value) => settle(id, job, { type: 'done', id, value }),
      (failure: unknown) => {
        if (failure !== ABORTED) settle(id, job, { type: 'fail', id, error: asUploadError(failure, record.name) });
      },
    );
  }

  function settle(id: string, job: Job, action: Extract<UploaderAction, { type: 'done' | 'fail' }>): void {
    // A canceled, removed or replaced upload may still settle later: its result is ignored.
    if (jobs.get(id) !== job || destroyed) return;
    jobs.delete(id);
    job.detach();
    progress.flush();
    dispatch(action);
    const file = entry(id);
    pump();
    if (file && action.type === 'done') callApp(() => options.onUploaded?.(file));
    if (file && action.type === 'fail') callApp(() => options.onError?.(action.error, file));
  }

  async function upload(input: Iterable<File> | ArrayLike<File>): Promise<void> {
    if (destroyed || options.disabled) return;
    const multiple = options.multiple ?? false;
    // Without `multiple` one file is kept: the first of what was picked or dropped.
    const picked = Array.from(input as ArrayLike<File>).slice(0, multiple ? undefined : 1);
    if (picked.length === 0) return;
    if (!multiple) {
      for (const old of state.files) {
        stopWork(old.id);
        revokePreview(old);
      }
    }
    const records = picked.map((file) => newRecord(file, `${uploaderId}-f${++fileCount}`));
    for (const record of records) unchecked.add(record.id);
    dispatch({ type: 'add', records, replace: !multiple });
    const batch = new Set(records.map((r) => r.id));
    const { types, errors } = await checkBatch(records, () => ({
      ...options,
      alreadyKept: state.files.filter((f) => !batch.has(f.id) && !isRejection(f.error)).length,
    }));
    if (destroyed) return;
    records.forEach((record, i) => {
      unchecked.delete(record.id);
      const status = find(record.id)?.status;
      // Removed or replaced while sniffing: nothing to show. Canceled: still typed and checked, so a Retry
      // later sends the sniffed type and never skips the size and type rules.
      if (status !== 'queued' && status !== 'canceled') return;
      dispatch({ type: 'typed', id: record.id, mime: types[i]!, previewUrl: previewFor(record.file, types[i]!) });
      const error = errors[i];
      if (!error) {
        if (status === 'queued') waiting.push(record.id);
        return;
      }
      dispatch({ type: 'reject', id: record.id, error });
      const file = entry(record.id);
      if (file) callApp(() => options.onError?.(error, file));
    });
    pump();
  }

  function cancel(id: string): void {
    const record = find(id);
    if (!record || !isActive(record.status)) return;
    progress.flush(); // the row shows how far it got
    stopWork(id);
    dispatch({ type: 'cancel', id });
    pump();
  }

  function retry(id: string): void {
    const record = find(id);
    if (!record || isRejection(record.error) || (record.status !== 'error' && record.status !== 'canceled')) return;
    dispatch({ type: 'requeue', id });
    if (unchecked.has(id)) return; // still sniffing: queued once its checks pass
    waiting.push(id);
    pump();
  }

  function remove(id: string): void {
    const record = find(id);
    if (!record) return;
    stopWork(id);
    revokePreview(record);
    dispatch({ type: 'remove', id });
    pump();
  }

  function clear(): void {
    for (const record of state.files) {
      stopWork(record.id);
      revokePreview(record);
    }
    dispatch({ type: 'clear' });
  }

  function destroy(): void {
    if (destroyed) return;
    // Unmount: no listener runs from here on, not even for this last change.
    destroyed = true;
    listeners.clear();
    waiting.length = 0;
    for (const record of state.files) {
      stopWork(record.id);
      revokePreview(record);
    }
    progress.dispose();
    if (privateClient) {
      privateClient.unmount();
      privateClient.clear();
      privateClient = null;
    }
  }

  return {
    subscribe(listener) {
      if (destroyed) return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot,
    upload,
    cancel,
    retry,
    remove,
    clear,
    setOptions(next) {
      options = { ...options, ...next };
      pump();
    },
    destroy,
  };
}
