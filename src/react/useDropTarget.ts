// A drop zone's behaviour as prop getters, in place of react-dropzone (about 5 kB gzip with file-selector and
// attr-accept, for what this library uses of it): drop, paste, click, Enter / Space, and a hidden file input.
// Nothing is checked here: every file goes to `onFiles`, and the core explains what it refuses.
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type ClipboardEvent,
  type DragEvent,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
  type RefObject,
  type SyntheticEvent,
} from 'react';
import { startReader } from '../core/readBytes';

export interface DropTargetOptions {
  /** Every dropped, pasted or picked file, in order; a dropped folder gives the files inside it. */
  onFiles: (files: File[]) => void;
  /** Blocks drop, paste, click and keys, and takes the zone out of the tab order. @default false */
  disabled?: boolean;
  /** `<input accept>` for the picker (a drop is not filtered). */
  accept?: string;
  /** Lets the picker choose several files. @default false */
  multiple?: boolean;
  /** Where the picker input is kept (useUpload reads it too); one of its own when not given. */
  input?: RefObject<HTMLInputElement | null>;
}

export interface RootProps {
  tabIndex?: 0;
  'aria-disabled'?: true;
  onFocus: (event: FocusEvent<HTMLElement>) => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  onClick: (event: MouseEvent<HTMLElement>) => void;
  onDragEnter: (event: DragEvent<HTMLElement>) => void;
  onDragOver: (event: DragEvent<HTMLElement>) => void;
  onDragLeave: (event: DragEvent<HTMLElement>) => void;
  onDrop: (event: DragEvent<HTMLElement>) => void;
  onPaste: (event: ClipboardEvent<HTMLElement>) => void;
}

export interface InputProps {
  type: 'file';
  accept: string | undefined;
  multiple: boolean;
  tabIndex: -1;
  'aria-hidden': true;
  style: { display: 'none' };
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  onClick: (event: MouseEvent<HTMLInputElement>) => void;
  ref: Ref<HTMLInputElement>;
}

export interface DropTarget {
  /** True while files are dragged over the zone. */
  isDragActive: boolean;
  /** Opens the file picker (nothing while disabled). */
  open: () => void;
  /**
   * Props for the zone. The caller's handlers run first; one that calls `preventDefault()` or `stopPropagation()`
   * keeps ours from running (react-dropzone's rule). The caller's other props are spread last.
   */
  getRootProps: <T extends Record<string, unknown>>(props?: T) => T & RootProps;
  /** Props for the `<input type="file">`, kept out of sight, the tab order and the accessibility tree. */
  getInputProps: <T extends Record<string, unknown>>(props?: T) => T & InputProps;
}

type Handler<E> = (event: E) => void;

const compose =
  <E extends SyntheticEvent>(theirs: unknown, ours: Handler<E>, disabled?: boolean): Handler<E> =>
  (event) => {
    if (typeof theirs === 'function') theirs(event);
    if (!disabled && !event.isDefaultPrevented() && !event.isPropagationStopped()) ours(event);
  };

function hasFiles(data: DataTransfer | null): boolean {
  // Some Chromium drags list no "Files" type but do carry items of kind "file" (react-dropzone #1409).
  return !!data && (Array.from(data.types ?? []).includes('Files') || Array.from(data.items ?? []).some((item) => item.kind === 'file'));
}

// macOS and Windows litter folders with these; nobody means to upload them.
const SYSTEM_FILES = ['.DS_Store', 'Thumbs.db'];

function readEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return new Promise((resolve, reject) => (entry as FileSystemFileEntry).file((file) => resolve([file]), reject));
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  return new Promise<FileSystemEntry[]>((resolve, reject) => {
    // readEntries answers in batches (100 in Chromium) until an empty one.
    const next = () => reader.readEntries((batch) => (batch.length ? (entries.push(...batch), next()) : resolve(entries)), reject);
    next();
  }).then(async (all) => {
    const named = all.filter((child) => !SYSTEM_FILES.includes(child.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    return (await Promise.all(named.map(readEntry))).flat();
  });
}

/**
 * The files of a drop, in order. A dropped folder gives its files, read recursively as file-selector did: an upload
 * widget then lists each one (and says which it refuses) instead of one unreadable folder "file".
 */
function droppedFiles(data: DataTransfer | null): Promise<File[]> {
  if (!data) return Promise.resolve([]);
  // Items are readable only during the drop event: take the entries and the plain list now, read them later.
  const picked = Array.from(data.files ?? []);
  const items = Array.from(data.items ?? []).filter((item) => item.kind === 'file');
  // A folder is listed as a file with no type: only those are asked for their entry, each a call into the browser
  // (a thousand photos asked for theirs held back the first file's read). Where the lists disagree, every item is.
  const matched = items.length === picked.length;
  const reads = items.map((item, i) => {
    if (matched && picked[i]!.type) return [picked[i]!];
    const entry = item.webkitGetAsEntry?.();
    return entry?.isDirectory ? readEntry(entry) : [matched ? picked[i]! : item.getAsFile()!];
  });
  if (reads.length === 0) return Promise.resolve(picked);
  // A folder that cannot be read still reaches the caller, as the browser's own placeholder file.
  return Promise.all(reads).then((lists) => lists.flat().filter(Boolean), () => picked);
}

export function useDropTarget({ onFiles, disabled = false, accept, multiple = false, input: given }: DropTargetOptions): DropTarget {
  const [dragging, setDragging] = useState(false);
  const ownInput = useRef<HTMLInputElement | null>(null);
  const input = given ?? ownInput;
  // Elements the drag has entered and not left: dragleave fires on the zone when the pointer moves onto a child.
  const targets = useRef<EventTarget[]>([]);
  const latest = useRef(onFiles);
  latest.current = onFiles;
  /** The zone, once focused while enabled: where a paste Firefox sends to <body> was meant to go. */
  const zone = useRef<Element | null>(null);
  if (disabled) zone.current = null;
  const paste = (event: { clipboardData: DataTransfer | null; preventDefault(): void }) => {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!files[0]) return; // a paste of text into a child field goes on as usual
    event.preventDefault();
    latest.current(files);
  };

  useEffect(() => {
    // A file dropped beside the zone would replace the page, and the form being filled, with the file
    // (react-dropzone's preventDropOnDocument). Drags of text are left alone.
    const keep = (event: globalThis.DragEvent) => {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      startReader(); // files are coming: the worker that reads their first bytes starts now (readBytes.ts)
    };
    // Firefox sends a paste to <body>, not to the focused element when it is not editable: a keyboard user's Ctrl+V
    // on the zone never reached it. One sent to the zone itself went through its onPaste.
    const pasteOnBody = (event: globalThis.ClipboardEvent) => {
      const focused = zone.current;
      if (focused && focused === document.activeElement && !focused.contains(event.target as Node)) paste(event);
    };
    // One list to add and to remove (as EventListener: the DOM's typing takes one event type at a time).
    const listeners = { dragover: keep, drop: keep, paste: pasteOnBody } as unknown as Record<string, EventListener>;
    for (const type in listeners) document.addEventListener(type, listeners[type]!);
    return () => {
      for (const type in listeners) document.removeEventListener(type, listeners[type]!);
    };
  }, []);

  const open = useCallback(() => {
    if (disabled) return;
    startReader(); // the user is choosing files: the worker that reads their first bytes starts meanwhile
    input.current?.click();
  }, [disabled]);

  const getRootProps = useCallback(
    <T extends Record<string, unknown>>(props = {} as T): T & RootProps => {
      const ours: Omit<RootProps, 'tabIndex' | 'aria-disabled'> = {
        // Only while enabled (compose): a zone the app still lets take focus (its own tabIndex) must not swallow a paste.
        onFocus: (event: FocusEvent<HTMLElement>) => void (zone.current = event.currentTarget),
        onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
          // Keys on a child (a remove button inside the zone) are the child's; a native <button> clicks by itself.
          if (event.target !== event.currentTarget || event.currentTarget.tagName === 'BUTTON') return;
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault(); // Space would scroll the page
            open();
          }
        },
        onClick: (event: MouseEvent<HTMLElement>) => {
          // A control inside the zone (a custom UI's Cancel, a link) is clicked for itself, not for the picker.
          const control = (event.target as Element).closest('a,button,input,select,textarea,label,[role=button]');
          if (control === event.currentTarget || !event.currentTarget.contains(control)) open();
        },
        onDragEnter: (event: DragEvent<HTMLElement>) => {
          event.preventDefault();
          targets.current.push(event.target);
          if (hasFiles(event.dataTransfer)) setDragging(true);
        },
        onDragOver: (event: DragEvent<HTMLElement>) => {
          event.preventDefault(); // else the browser refuses the drop, or opens the file in place of the page
          if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
        },
        onDragLeave: (event: DragEvent<HTMLElement>) => {
          const zone = event.currentTarget;
          targets.current = targets.current.filter((target) => target !== event.target && zone.contains(target as Node));
          if (targets.current.length === 0) setDragging(false);
        },
        onDrop: (event: DragEvent<HTMLElement>) => {
          event.preventDefault();
          targets.current = [];
          setDragging(false);
          void droppedFiles(event.dataTransfer).then((files) => files.length > 0 && latest.current(files));
        },
        onPaste: paste,
      };
      // The caller's other props are spread last; each of our handlers runs after the caller's of the same name.
      const root: Record<string, unknown> = { ...(disabled ? { 'aria-disabled': true } : { tabIndex: 0 }), ...props };
      for (const [key, handler] of Object.entries(ours)) root[key] = compose(props[key], handler as Handler<SyntheticEvent>, disabled);
      return root as T & RootProps;
    },
    [disabled, open],
  );

  const getInputProps = useCallback(
    <T extends Record<string, unknown>>(props = {} as T): T & InputProps => {
      const { onChange, onClick, ref, ...rest } = props;
      const own: InputProps = {
        type: 'file',
        accept,
        multiple,
        // Opened by the zone, so out of sight, the tab order and the accessibility tree; click() still opens the
        // picker of a display:none input in Chromium, Firefox and WebKit.
        tabIndex: -1,
        'aria-hidden': true,
        style: { display: 'none' },
        onChange: compose(onChange, (event: ChangeEvent<HTMLInputElement>) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = ''; // so that picking the same file again is a change
          if (files.length > 0) latest.current(files);
        }, disabled),
        // input.click() dispatches a click that would bubble to the zone and open the picker a second time.
        onClick: compose(onClick, (event: MouseEvent<HTMLInputElement>) => event.stopPropagation()),
        ref: ref
          ? (node: HTMLInputElement | null) => {
              input.current = node;
              if (typeof ref === 'function') ref(node);
              else (ref as { current: HTMLInputElement | null }).current = node;
            }
          : input,
      };
      return { ...own, ...rest } as T & InputProps;
    },
    [accept, multiple, disabled],
  );

  return { isDragActive: dragging && !disabled, open, getRootProps, getInputProps };
}
