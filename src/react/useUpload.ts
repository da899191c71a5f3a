// The React binding of the core uploader: one store per component, read through useSyncExternalStore,
// fed by react-dropzone's drop / click / keyboard / paste handling.
import { QueryClientContext } from '@tanstack/react-query';
import { useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useDropzone, type DropzoneInputProps, type DropzoneRootProps } from 'react-dropzone';
import { DEFAULT_ACCEPT } from '../core/accept';
import { createUploader } from '../core/createUploader';
import type { Accept, UploadFile, Uploader, UploadOptions } from '../core/types';

export type UseUploadOptions = UploadOptions;

export interface UseUploadResult {
  files: readonly UploadFile[];
  /** Values of done files, in the order the files were added; without `multiple`, a replaced file's value until a replacement is done. */
  value: readonly string[];
  isUploading: boolean;
  /** True while files are dragged over the drop zone. */
  isDragActive: boolean;
  /** Opens the file picker. */
  open: () => void;
  upload: (files: Iterable<File> | ArrayLike<File>) => Promise<void>;
  cancel: (id: string) => void;
  retry: (id: string) => void;
  remove: (id: string) => void;
  clear: () => void;
  /** Props for the drop zone element: drop, click, Enter / Space and paste. The caller's handlers run first. */
  getRootProps: <T extends DropzoneRootProps>(props?: T) => T;
  /** Props for the hidden `<input type="file">`. */
  getInputProps: <T extends DropzoneInputProps>(props?: T) => T;
}

/** `<input accept>` for the picker, from any of the accepted shapes. */
export function acceptAttribute(accept: Accept): string {
  if (typeof accept === 'string') return accept;
  if (Array.isArray(accept)) return (accept as readonly string[]).join(',');
  return Object.entries(accept as Record<string, readonly string[]>)
    .flatMap(([mime, extensions]) => [mime, ...extensions])
    .join(',');
}

// A destroyed uploader cannot come back; StrictMode's simulated unmount destroys the first one.
const destroyed = new WeakSet<Uploader>();

export function useUpload(options: UseUploadOptions): UseUploadResult {
  const contextClient = useContext(QueryClientContext);
  const queryClient = options.queryClient ?? contextClient;
  const withClient = { ...options, ...(queryClient ? { queryClient } : {}) };

  const [uploader, setUploader] = useState(() => createUploader(withClient));

  // Keep callbacks and rules fresh without recreating the store (it holds the files). Inline options are
  // new objects every render, so compare them key by key before telling the core.
  const lastOptions = useRef<UploadOptions | null>(null);
  useEffect(() => {
    if (destroyed.has(uploader)) return;
    const previous = lastOptions.current;
    if (previous && shallowEqual(previous, withClient)) return;
    lastOptions.current = withClient;
    // setOptions merges: an option the app stopped passing (onError, maxFiles...) must be unset explicitly.
    const removed = previous ? Object.keys(previous).filter((key) => !(key in withClient)) : [];
    uploader.setOptions({ ...Object.fromEntries(removed.map((key) => [key, undefined])), ...withClient });
  });

  const subscribe = useCallback((listener: () => void) => uploader.subscribe(listener), [uploader]);
  const getSnapshot = useCallback(() => uploader.getSnapshot(), [uploader]);
  // The server snapshot is the same empty store: nothing in it touches `window`.
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);

  // Declared after useSyncExternalStore so its unsubscribe runs first on unmount: destroy's final
  // `clear` then notifies no one (no state updates after unmount).
  useEffect(() => {
    if (destroyed.has(uploader)) {
      // StrictMode re-mount (or a remount after an unmount): start a fresh store.
      lastOptions.current = null;
      setUploader(createUploader(withClient));
      return;
    }
    return () => {
      destroyed.add(uploader);
      uploader.destroy(); // aborts uploads, revokes object URLs, drops listeners
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- options go through setOptions above
  }, [uploader]);

  const onDrop = useCallback(
    (accepted: File[], rejected: { file: File }[]) => {
      // react-dropzone validates nothing here (see below), but hand over anything it might reject anyway:
      // the core lists every file, a rejected one with an error row.
      void uploader.upload([...accepted, ...rejected.map((rejection) => rejection.file)]);
    },
    [uploader],
  );

  const dropzone = useDropzone({
    onDrop,
    disabled: options.disabled ?? false,
    // No accept / size / count rules: react-dropzone would drop rejected files silently or with its own
    // words; the core checks them (after sniffing the bytes) and shows a row with the reason instead.
    multiple: true,
    noClick: false,
    noKeyboard: false,
    noPaste: false,
  });

  const accept = acceptAttribute(options.accept ?? DEFAULT_ACCEPT);
  const multiple = options.multiple ?? false;
  const dropzoneInputProps = dropzone.getInputProps;
  const getInputProps = useCallback(
    <T extends DropzoneInputProps>(props?: T): T =>
      // The picker still filters by `accept` and `multiple`; the caller's props win, as in react-dropzone.
      dropzoneInputProps({ accept, multiple, ...props } as T),
    [dropzoneInputProps, accept, multiple],
  );

  // Actions keep their identity across progress ticks, so memoized rows that receive them do not re-render.
  const actions = useMemo(
    () => ({
      upload: (files: Iterable<File> | ArrayLike<File>) => uploader.upload(files),
      cancel: (id: string) => uploader.cancel(id),
      retry: (id: string) => uploader.retry(id),
      remove: (id: string) => uploader.remove(id),
      clear: () => uploader.clear(),
    }),
    [uploader],
  );
  const dropzoneOpen = dropzone.open as (() => void) | null; // null while disabled
  const open = useCallback(() => dropzoneOpen?.(), [dropzoneOpen]);

  return useMemo(
    () => ({
      files: snapshot.files,
      value: snapshot.value,
      isUploading: snapshot.isUploading,
      isDragActive: dropzone.isDragActive,
      open,
      ...actions,
      getRootProps: dropzone.getRootProps,
      getInputProps,
    }),
    [snapshot, dropzone.isDragActive, open, actions, dropzone.getRootProps, getInputProps],
  );
}

function shallowEqual(a: object, b: object): boolean {
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
