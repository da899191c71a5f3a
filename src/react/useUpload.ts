// The React binding of the core uploader: one store per component, read through useSyncExternalStore. A render
// subscribes only to the snapshot fields it reads (TanStack Query's tracked results), so a UI that renders rows
// from `fileIds` with `useUploadFile` re-renders one row per progress tick, not the list.
import { QueryClientContext } from '@tanstack/react-query';
import { useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { endAtUnmount } from './endAtUnmount';
import { useDropTarget, type InputProps, type RootProps } from './useDropTarget';
import { DEFAULT_ACCEPT, parseAccept } from '../core/accept';
import { callApp } from '../core/callApp';
import { createUploader } from '../core/createUploader';
import { sameValues } from '../core/snapshot';
import type { UploadActivity, UploadFile, Uploader, UploaderSnapshot, UploadOptions } from '../core/types';

export type UseUploadOptions = UploadOptions;

export interface UseUploadResult {
  files: readonly UploadFile[];
  /** The files' ids in pick order: the same array until a file is added or removed. */
  fileIds: readonly string[];
  /** The field value: existing values, then done files' values in the order the files were added. */
  value: readonly string[];
  /** Values no listed file produced (a default or controlled value, a value kept through a failed replacement). */
  existingValues: readonly string[];
  isUploading: boolean;
  /** Why the field cannot be submitted yet ('' when it can): uploads running, or `required` and empty. */
  validationMessage: string;
  /** What happened in the latest change (status changes, progress quarters, removals): for a live region. */
  activity: readonly UploadActivity[];
  /** True while files are dragged over the drop zone. */
  isDragActive: boolean;
  /** Opens the file picker. */
  open: () => void;
  upload: (files: Iterable<File> | ArrayLike<File>) => Promise<void>;
  cancel: (id: string) => void;
  retry: (id: string) => void;
  remove: (id: string) => void;
  /** Removes an existing value from the field. */
  removeValue: (value: string) => void;
  clear: () => void;
  /**
   * What a form reset does to the field: every file forgotten (uploads aborted) and the value back to `defaultValue`.
   * `<MediaUploader>` calls it when its form is reset (React 19 resets a form after its action); a controlled value is
   * the app's to reset, so then it does nothing. Returns the store the field uses from then on, before it is rendered.
   */
  reset: () => Uploader;
  /** The store itself: pass it to `useUploadFile` for rows that re-render only when their file changes. */
  uploader: Uploader;
  /** Props for the drop zone element: drop, click, Enter / Space and paste. The caller's handlers run first. */
  getRootProps: <T extends Record<string, unknown>>(props?: T) => T & RootProps;
  /** Props for the hidden `<input type="file">` (out of the tab order and the accessibility tree). */
  getInputProps: <T extends Record<string, unknown>>(props?: T) => T & InputProps;
}

// A destroyed uploader cannot come back; StrictMode's simulated unmount destroys the first one.
const destroyed = new WeakSet<Uploader>();

/** Subscribes to what `read` reads from the store: re-renders only when that value changes (Object.is). */
function useStoreRead<T>(uploader: Uploader, read: () => T): T {
  const subscribe = useCallback((listener: () => void) => uploader.subscribe(listener), [uploader]);
  return useSyncExternalStore(subscribe, read, read);
}

/** Subscribes to what `select` picks from the store's snapshot: re-renders only when that value changes (Object.is). */
export function useUploaderSelector<T>(uploader: Uploader, select: (snapshot: UploaderSnapshot) => T): T {
  return useStoreRead(uploader, () => select(uploader.getSnapshot()));
}

/**
 * One file of the store, by id: a row that uses it re-renders only when its own file changes. It reads the file's own
 * entry, not the snapshot: on a store no useUpload renders from (an app's own list), every change built the whole
 * snapshot for each row.
 */
export function useUploadFile(uploader: Uploader, id: string): UploadFile | undefined {
  return useStoreRead(uploader, () => uploader.getFile(id));
}

function useStore(options: UseUploadOptions, input: RefObject<HTMLInputElement | null>): [Uploader, () => Uploader] {
  const contextClient = useContext(QueryClientContext);
  // flushSync: a notification's store change and the app's setState in onChange render in one commit.
  const withClient = { batch: flushSync, ...options, queryClient: options.queryClient ?? contextClient };
  const [uploader, setUploader] = useState(() => createUploader(withClient));

  // Options reach the store during render, so a new controlled value shows in this very render. Inline options
  // are new objects every render: compare key by key. An option the app stopped passing is unset explicitly.
  const lastOptions = useRef<object | null>(null);
  const previous = lastOptions.current;
  if (previous !== withClient && !(previous && shallowEqual(previous, withClient)) && !destroyed.has(uploader)) {
    lastOptions.current = withClient;
    const removed = previous ? Object.keys(previous).filter((key) => !(key in withClient)) : [];
    uploader.setOptions({ ...Object.fromEntries(removed.map((key) => [key, undefined])), ...withClient });
  }

  // A fresh store from the latest options, seeded with defaultValue as on mount: after a StrictMode re-mount (or a
  // remount after an unmount), and for a form reset.
  const latestOptions = useRef(withClient);
  latestOptions.current = withClient;
  const fresh = () => {
    lastOptions.current = null;
    const next = createUploader(latestOptions.current);
    setUploader(next);
    return next;
  };

  // A hidden widget (<Activity mode="hidden">) keeps its store: uploads go on and the value stays. React does not
  // re-render it from the store while hidden (its subscription is an effect), so a tick does, at React's hidden
  // priority: the form's inputs carry the value of an upload that ends meanwhile. Ended at the unmount only
  // (endAtUnmount.ts); a headless UI that renders no picker input has no element, and every clean-up ends its store.
  const [, tick] = useState(0);
  // While hidden: how it is shown again (the tick and the watch end), and how it is handed over to the store a form
  // reset made meanwhile (else that store would never be rendered from, nor ended at the unmount).
  const hidden = useRef<{ show(): void; handOver(store: Uploader): void } | null>(null);
  useEffect(() => {
    hidden.current?.show();
    if (destroyed.has(uploader)) {
      fresh();
      return;
    }
    const element = input.current;
    return () => {
      if (destroyed.has(uploader)) return; // a reset ended it
      const hide = (store: Uploader) => {
        const off = store.subscribe(() => tick((count) => count + 1));
        const stop = endAtUnmount(element, () => (off(), end(store)));
        const show = () => (off(), stop(), (hidden.current = null));
        hidden.current = { show, handOver: (next) => (show(), hide(next)) };
      };
      hide(uploader);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- options go through setOptions above
  }, [uploader]);
  const reset = useCallback(() => {
    const current = latestOptions.current;
    if (current.value !== undefined || destroyed.has(uploader)) return uploader;
    const before = uploader.getSnapshot().value;
    end(uploader);
    const next = fresh();
    hidden.current?.handOver(next);
    const value = next.getSnapshot().value;
    // Heard as a change of the value, as the store's own changes are, in onChange's shape (createUploader's deliver:
    // a helper shared with it costs createUploader 14 B it does not have).
    if (!sameValues(before, value)) callApp(() => current.onChange?.(current.multiple ? [...value] : (value[0] ?? '')));
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fresh reads refs and a state setter only
  }, [uploader]);
  return [uploader, reset];
}

/** Ends a store as an unmount does (uploads aborted, object URLs revoked, listeners dropped); it is never used again. */
function end(store: Uploader): void {
  if (destroyed.has(store)) return;
  destroyed.add(store);
  store.destroy();
}

/** The snapshot's fields in the result: getters that note what a render reads. */
const TRACKED = ['files', 'fileIds', 'value', 'existingValues', 'isUploading', 'validationMessage', 'activity'] as const;

export function useUpload(options: UseUploadOptions): UseUploadResult {
  // The picker input: the drop target's, and how the store tells a hidden widget from an unmounted one.
  const input = useRef<HTMLInputElement | null>(null);
  const [uploader, reset] = useStore(options, input);

  // Tracked fields: a render that never reads `files` is not redone for a progress tick.
  const tracked = useRef(new Set<keyof UploaderSnapshot>()).current;
  const rendered = useRef<UploaderSnapshot | null>(null);
  const selection = useUploaderSelector(uploader, (next) => {
    const last = rendered.current;
    if (last && last !== next && [...tracked].every((key) => Object.is(last[key], next[key]))) return last;
    return (rendered.current = next);
  });

  // Files dropped or pasted before this component's effects ran wait for them. React subscribes to the store in an
  // effect, and a change made before every subscription of the tree is in place is rendered by React's catch-up check
  // at once (a thousand rows ahead of the first request) instead of by the store's notification, held until the
  // uploads it starts are on their way. It happens to a widget committed at default or transition priority (rendered
  // once data loaded, or in a transition) that takes a drop before its effects ran. They go a microtask after the
  // effects, all of them run; a store StrictMode replaced leaves them to the next one.
  const early = useRef<File[][]>([]);
  const live = useRef(false);
  useEffect(() => {
    queueMicrotask(() => {
      if (destroyed.has(uploader)) return;
      live.current = true;
      for (const files of early.current.splice(0)) void uploader.upload(files);
    });
    return () => {
      live.current = false;
    };
  }, [uploader]);
  const onFiles = useCallback(
    (files: File[]) => void (live.current && !destroyed.has(uploader) ? uploader.upload(files) : early.current.push(files)),
    [uploader],
  );
  // No accept / size / count rules here: the core checks every file (after sniffing its bytes) and shows a row
  // with the reason; the picker still filters by `accept` and `multiple`.
  // `<input accept>` for the picker, from any of the accepted shapes: the core's reading of them, so both agree.
  const { mimes, extensions } = parseAccept(options.accept ?? DEFAULT_ACCEPT);
  const dropzone = useDropTarget({
    input,
    onFiles,
    disabled: options.disabled ?? false,
    accept: [...mimes, ...extensions].join(','),
    multiple: options.multiple ?? false,
  });
  const { open, getRootProps, getInputProps } = dropzone;

  return useMemo(() => {
    const result = {
      isDragActive: dropzone.isDragActive,
      open,
      upload: (files: Iterable<File> | ArrayLike<File>) => uploader.upload(files),
      // The store's own actions: closures (no `this`) that take one argument, as MediaUploader's rows call them.
      cancel: uploader.cancel,
      retry: uploader.retry,
      remove: uploader.remove,
      removeValue: uploader.removeValue,
      clear: uploader.clear,
      reset,
      uploader,
      getRootProps,
      getInputProps,
    };
    for (const key of TRACKED) {
      Object.defineProperty(result, key, { enumerable: true, get: () => (tracked.add(key), uploader.getSnapshot()[key]) });
    }
    return result as UseUploadResult;
    // A new result object per store change that this render depends on: consumers' memos see the change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uploader, selection, dropzone.isDragActive, open, getRootProps, getInputProps, tracked, reset]);
}

/** Whether two objects hold the same entries (Object.is); a key set to undefined counts as absent. */
export function shallowEqual(a: object, b: object): boolean {
  return Object.keys({ ...a, ...b }).every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
