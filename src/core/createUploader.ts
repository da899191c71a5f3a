// The store: framework-free, `subscribe` + `getSnapshot` for useSyncExternalStore. A file's state changes only
// through `dispatch` into the reducer; listeners hear of it at most once per frame; each upload runs as a TanStack
// Query mutation (so `useIsMutating` sees it) driven by driveUpload.
import { MutationObserver, onlineManager, QueryClient } from '@tanstack/query-core';
import { callApp } from './callApp';
import { checkInTurn } from './checkInTurn';
import { checkPicked } from './checkPicked';
import { driveUpload } from './driveUpload';
import { asUploadError, isRejection } from './errors';
import { defaultScheduleFrame } from './frames';
import { loadOnce } from './loadOnce';
import { createNotifier } from './notifier';
import type { BeforeRun } from './presignAhead';
import { createPreviews } from './previews';
import { BEFORE_ITS_WAY, fileReducer, isActive, newRecord, shownStatus, type FileAction, type FileRecord } from './reducer';
import { ABORTED } from './retry';
import { buildSnapshot, entryOf, fieldValue, sameValues, speedOf, toArray, type EntryCache } from './snapshot';
import type { Uploader, UploadActivity, UploaderInternals, UploaderSnapshot, UploadFile, UploadOptions } from './types';

export type { UploaderInternals } from './types';
import { refusal } from './validate';

type Options = UploadOptions & UploaderInternals;
type Progress = { id: string; run: number; loaded: number; total: number; at: number };

/** File ids are unique on the page, across uploaders (TanStack's mutation keys, element ids). */
let fileCount = 0;
/** The longest a drop's new rows wait for its first uploads to be on their way (notifier.hold). */
const ADD_HOLD_MS = 100;
const SNAPSHOT_OPTIONS = ['multiple', 'required', 'validationMessages'] as const;
/** presignAhead.ts, loaded the first time every slot is busy while files wait. */
const loadPresignAhead = loadOnce(() => import('./presignAhead'));

export function createUploader(initialOptions: Options): Uploader {
  let options = initialOptions;
  const files = new Map<string, FileRecord>();
  let order: string[] = [];
  let existing = toArray(options.defaultValue);
  const hidden = new Set<string>();
  const controllers = new Map<string, AbortController>();
  /**
   * Work on a file before its run, by file id: its check's preparation, then its presign asked ahead (presignAhead.ts)
   * with the answer the run will take. What a file is (its status, target, attempt) is in its record; this holds only
   * the handles of requests in flight, as `controllers` does for runs.
   */
  const before = new Map<string, BeforeRun>();
  const listeners = new Set<() => void>();
  const previews = createPreviews();
  const cache: EntryCache = { entries: new WeakMap(), previewUrlOf: (record) => previews.urlOf(record, files.get(record.id) === record) };
  const pendingProgress = new Map<string, Progress>();
  let activity: UploadActivity[] = [];
  let sealedActivity: readonly UploadActivity[] = Object.freeze([]);
  let snapshot: UploaderSnapshot | null = null;
  let snapshotVersion = -1;
  let cursor = 0;
  let runCount = 0;
  let lastSpeed: number | null = null;
  let privateClient: QueryClient | undefined;
  let destroyed = false;
  let proposed = fieldValue(state(), options).proposed;
  /** Every pick's checks, in turn (checkInTurn.ts): what the next pick's count rules wait for. */
  let checks: Promise<unknown> = Promise.resolve();
  // TanStack's onlineManager hears `offline` / `online` only while someone listens (and starts out "online"): listen
  // from creation to destroy in a browser, so a file dropped while offline waits instead of failing. Not on a server:
  // a server render is never destroyed, and its listener would keep the uploader alive.
  const stopListeningOnline: (() => void) | null =
    typeof window === 'undefined' ? null : onlineManager.subscribe(() => {});

  function state() {
    return { order, files, existing, hidden };
  }

  const notifier = createNotifier({
    scheduleFrame: () => options.scheduleFrame ?? defaultScheduleFrame,
    prepare() {
      for (const id of pendingProgress.keys()) applyProgress(id);
      pendingProgress.clear();
      // The latest notification that had activity keeps its list (and its identity) until the next one.
      if (activity.length > 0) {
        sealedActivity = Object.freeze(activity);
        activity = [];
        notifier.bump();
      }
    },
    deliver(batched) {
      (batched && options.batch ? options.batch : (run: () => void) => run())(() => {
        const next = fieldValue(state(), options).proposed;
        if (!sameValues(next, proposed)) {
          proposed = next;
          const value = options.multiple ? [...next] : (next[0] ?? '');
          callApp(() => options.onChange?.(value));
        }
        for (const listener of [...listeners]) listener();
      });
    },
  });
  const { changed, userAction } = notifier;

  /** Applies an action; returns the file's new record, or undefined when it did not apply (or the file is gone). */
  function dispatch(action: FileAction): FileRecord | undefined {
    const before = files.get(action.id);
    if (!before || destroyed) return;
    const after = fileReducer(before, action);
    if (after === before) return;
    files.set(action.id, after);
    if (!isActive(after.status) || action.type === 'send') pendingProgress.delete(after.id); // stopped, or anew from 0
    const status = shownStatus(after.status);
    if (status !== shownStatus(before.status)) {
      activity.push({ kind: 'status', id: after.id, name: after.name, status, error: after.error });
      // Without `multiple` a done replacement drops the value kept from the file it replaced.
      if (status === 'done' && !options.multiple) existing = [];
    }
    changed();
    return after;
  }

  /** Applies the file's progress not yet applied, if any. */
  function applyProgress(id: string): void {
    const update = pendingProgress.get(id);
    const record = files.get(id);
    if (!update || record?.run !== update.run) return;
    const quarter = (loaded: number) => ((loaded / Math.max(1, update.total)) * 4) | 0; // 0-4, no floor needed
    const reached = quarter(update.loaded);
    dispatch({ type: 'progress', ...update });
    lastSpeed = speedOf(files.get(update.id)!.samples) ?? lastSpeed;
    if (reached > quarter(record.loaded) && reached < 4) activity.push({ kind: 'progress', id: record.id, name: record.name, percent: reached * 25 });
  }

  /** The terminal transitions of a run: last progress first, then the status, the app's callback, the next file. */
  function finish(action: Extract<FileAction, { type: 'done' | 'fail' }>): void {
    applyProgress(action.id);
    const after = dispatch(action);
    if (!after) return; // not applied (a late action of a run that ended), or the file is gone
    controllers.delete(action.id);
    const file = entryOf(after, cache);
    if (action.type === 'done') callApp(() => options.onUploaded?.(file));
    else callApp(() => options.onError?.(action.error, file));
    pump();
  }

  /** Starts queued files in pick order while fewer than `concurrency` run; with every slot busy, the next files'
   * presigns go ahead (presignAhead.ts, loaded then), in a task of their own: after the requests of the runs just
   * started. */
  function pump(): void {
    for (let id; !destroyed && (id = nextQueued()); ) {
      if (freeSlots() > 0) start(id);
      else {
        loadPresignAhead().then((m) => m.inATask(() => destroyed || m.presignAhead(order, files, cursor, controllers, before, options)), () => {});
        return;
      }
    }
  }

  /** Runs that may start now: `concurrency` (at least one; 3 when left out or NaN, which let none start) less those
   * running; below 0 once it is lowered. */
  const freeSlots = () => (Math.max(1, options.concurrency!) || 3) - controllers.size;

  function nextQueued(): string | undefined {
    let settled = true;
    for (let i = cursor; i < order.length; i++) {
      const record = files.get(order[i]!)!;
      if (record.status === 'queued' && !controllers.has(record.id)) return record.id;
      // Files before the cursor can only be queued again by retry, which moves the cursor back.
      if (settled && record.status !== 'checking' && record.status !== 'queued') cursor = i + 1;
      else settled = false;
    }
    return undefined;
  }

  function start(id: string): void {
    // A presign asked ahead for this file goes to the run, with its controller as the run's: the run's end aborts it
    // if it is still asking. (While the file is queued, `before` holds no other work for it: the check's is done.)
    const work = before.get(id);
    const controller = work?.controller ?? new AbortController();
    before.delete(id);
    controllers.set(id, controller);
    const run = ++runCount;
    const signal = controller.signal;
    const observer = new MutationObserver<string, unknown, void>(options.queryClient ?? (privateClient ??= new QueryClient()), {
      mutationKey: ['media-uploader', id, run],
      // Retries are the uploader's own (driveUpload): TanStack's retryer waits while the tab is hidden and its
      // delay cannot be canceled, so a canceled upload would stay "mutating" until the delay ended.
      retry: false,
      networkMode: 'always',
      mutationFn: () =>
        driveUpload({
          id,
          run,
          signal,
          get: () => files.get(id),
          dispatch,
          finish,
          options: () => options,
          lastSpeed: () => lastSpeed,
          onProgress: (loaded, total) => {
            if (files.get(id)?.run !== run) return;
            pendingProgress.set(id, { id, run, loaded, total, at: Date.now() });
            changed();
          },
          ahead: work?.answer,
        }),
    });
    observer.mutate().catch((failure: unknown) => {
      // driveUpload ends every failure as data on the file; what is left is a cancel, or a bug.
      if (failure !== ABORTED && files.get(id)?.run === run) finish({ type: 'fail', id, run, error: asUploadError(failure, files.get(id)!.name) });
      // Whatever ended this run, its slot is free now (a finished run freed it already).
      if (controllers.get(id) === controller) {
        controllers.delete(id);
        pump();
      }
      // A presign asked ahead and left unused (the file was prepared) ends with the run. The observer lets go of its
      // mutation, which TanStack then drops after gcTime: kept observed, it stayed in the app's client for good.
    }).finally(() => (controller.abort(), observer.reset()));
  }

  /**
   * Ends a file's work without a status change (remove, replace, clear, destroy). Its slot is freed once the run has
   * settled (mutate's catch): a resize or the app's transform can run on after the abort, and two of them overlapped.
   */
  function stopWork(id: string): void {
    controllers.get(id)?.abort();
    before.get(id)?.controller.abort();
    before.delete(id);
    pendingProgress.delete(id);
  }

  function check(record: FileRecord, previous: Promise<unknown>): Promise<unknown> {
    // Cancel and remove abort a preparation done with the check (checkPicked.ts), and give up the file's place among
    // the checks at once: its read may never end (a network drive gone away). A canceled file is still checked.
    const work = { controller: new AbortController() };
    before.set(record.id, work);
    const checked = (async () => {
      const { type, error: failure, prepared } = await checkPicked(record.upload, record.name, options, work.controller.signal).finally(() => {
        if (before.get(record.id) === work) before.delete(record.id);
      });
      // Count rules need the files picked before this one checked first: the first files within maxFiles win.
      if (options.maxFiles !== undefined) await previous;
      const current = files.get(record.id);
      if (!current || current.checked) return; // removed or replaced meanwhile
      let rejection = failure;
      if (!rejection && options.multiple && options.maxFiles !== undefined) {
        const kept = order.slice(0, order.indexOf(record.id)).filter((id) => !isRejection(files.get(id)!.error)).length;
        const max = options.maxFiles;
        if (kept >= max) rejection = await refusal('too-many-files', record.name, (s) => s.tooManyFilesError(record.name, max));
      }
      const after = dispatch({ type: 'checked', id: record.id, mime: type, error: rejection, prepared });
      if (rejection && after?.error === rejection) callApp(() => options.onError?.(rejection, entryOf(after, cache)));
      pump();
    })();
    return Promise.race([checked, new Promise((given) => (work.controller.signal.onabort = given))]);
  }

  /** Lists the picked files and holds the notification of their rows; `added` gets their records, for the checks. */
  function add(input: Iterable<File> | ArrayLike<File>, added: FileRecord[]): void {
    if (destroyed || options.disabled) return;
    // Without `multiple` one file is kept: the first of what was picked or dropped.
    const picked = Array.from(input as ArrayLike<File>).slice(0, options.multiple ? undefined : 1);
    if (picked.length === 0) return;
    if (!options.multiple) {
      // The replaced file's value stays in the field until the new file is done (DESIGN.md "replaces").
      const done = order.map((id) => files.get(id)!).find((f) => f.status === 'done' && f.value !== null);
      if (done && options.value === undefined) existing = [done.value!];
      forget(order);
    }
    for (const file of picked) {
      const record = newRecord(file, `f${++fileCount}`);
      files.set(record.id, record);
      order.push(record.id);
      added.push(record);
    }
    changed();
    // The new rows are heard as a user action is, once the files that start now are on their way (or after 100 ms):
    // rendered earlier, they took the main thread while those files' presigns answered, and held their PUTs back (20
    // rows: the fourth PUT 15-20 ms later; 1,000 rows: the first 100 ms later). With every slot busy, the next change.
    const starting = added.slice(0, Math.max(0, freeSlots()));
    notifier.hold(() => starting.every(({ id }) => !BEFORE_ITS_WAY.includes(files.get(id)?.status)), ADD_HOLD_MS);
  }

  /** Files gone from the list (remove, replace, clear, destroy, values the app took out): their work stopped. */
  function forget(ids: readonly string[]): void {
    const gone = new Set(ids);
    for (const id of gone) stopWork(id), previews.forget(id), files.delete(id);
    order = order.filter((id) => !gone.has(id));
    cursor = 0;
  }

  return {
    // After destroy a listener is kept but never called: the notifier has stopped.
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    getSnapshot() {
      // snapshotVersion starts at -1, which no notifier version is: the first call builds one.
      if (snapshotVersion !== notifier.version) {
        snapshot = buildSnapshot(state(), options, sealedActivity, cache, snapshot);
        snapshotVersion = notifier.version;
      }
      return snapshot!;
    },
    // One argument read: passed to map (an index, the array), it still looks the id up.
    getFile: (id): UploadFile | undefined => files.has(id) ? entryOf(files.get(id)!, cache) : undefined,
    async upload(input) {
      const records: FileRecord[] = [];
      add(input, records);
      // Each file starts as soon as its own bytes are checked (checkInTurn.ts); the field keeps pick order. Count rules
      // wait for the earlier picks too: a second quick drop's files counted a first-drop file not yet refused.
      const checked = checkInTurn(records, files, check, checks);
      checks = Promise.all([checks, checked]).catch(() => {}); // a check that throws (a bug) fails its own upload() only
      await checked;
    },
    cancel: userAction((id: string) => {
      const record = files.get(id);
      if (!record || !isActive(record.status)) return;
      applyProgress(id); // the row shows how far it got
      stopWork(id);
      dispatch({ type: 'cancel', id });
      pump(); // a canceled file's presign asked ahead leaves room for the next file's
    }),
    retry: userAction((id: string) => {
      const index = order.indexOf(id);
      if (index === -1) return;
      dispatch({ type: 'requeue', id });
      cursor = Math.min(cursor, index);
      pump();
    }),
    remove: userAction((id: string) => {
      const record = files.get(id);
      if (!record) return;
      forget([id]);
      // A controlled value still holds the removed file's value until the app takes the change: it is no existing value.
      if (options.value !== undefined) hidden.add(record.value!); // null (no value) matches no value of the field
      activity.push({ kind: 'removed', id, name: record.name });
      changed();
      pump(); // a removed file's presign asked ahead leaves room for the next file's
    }),
    removeValue: userAction((value: string) => {
      // A value the parent kept after a Remove is still listed: its Remove proposes the change again (the parent may
      // have said no once, to a confirmation the user canceled).
      if (options.value !== undefined) hidden.add(value), (proposed = toArray(options.value));
      // One copy: a value held twice is listed twice, and each row's Remove takes its own.
      else existing = existing.filter((item, at) => at !== existing.indexOf(value));
      changed();
    }),
    clear: userAction(() => {
      forget(order);
      existing = [];
      for (const item of toArray(options.value)) hidden.add(item);
      changed();
    }),
    setOptions(next) {
      const previous = options;
      options = { ...options, ...next };
      const was = toArray(previous.value);
      const now = toArray(options.value);
      if (!sameValues(was, now) || (previous.value === undefined) !== (options.value === undefined)) {
        // A new controlled value from the app: what the user removed is no longer hidden, and it is no change to echo.
        hidden.clear();
        // A value the app took out of its value (react-hook-form's reset()) takes its done file out too, as a Remove
        // would: its row stayed, and the next done file proposed the value again. A value the app never took (a
        // parent that refuses the change) keeps its file.
        const dropped = was.filter((item) => !now.includes(item));
        forget(order.filter((id) => dropped.includes(files.get(id)!.value!)));
        proposed = fieldValue(state(), options).proposed;
        // Heard like any change: another subscriber of this store (a second view) drops the rows too.
        changed();
      }
      // Only what the snapshot shows makes a new one: inline callbacks change on every render.
      if (SNAPSHOT_OPTIONS.some((key) => !Object.is(previous[key], options[key]))) notifier.bump();
      pump();
    },
    destroy() {
      if (destroyed) return;
      // Unmount: no listener runs from here on, not even for this last change.
      destroyed = true;
      stopListeningOnline?.();
      listeners.clear();
      notifier.stop();
      // Its runs' mutations, aborted by forget, leave the (private or app's) client after gcTime, as every settled one.
      forget(order);
    },
  };
}
