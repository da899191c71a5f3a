// One row per file: preview, name, size, progress (Radix Progress's ARIA), speed, time left, and its buttons.
// Each row subscribes to its own file (useUploadFile), so a progress tick re-renders only the row that moved.
import { memo, useCallback, useEffect, useId, useRef } from 'react';
import { isRejection } from '../core/errors';
import { isActive } from '../core/reducer';
import type { Uploader, UploaderSnapshot, UploadFile } from '../core/types';
import type { Labels } from './labels';
import { Preview } from './Preview';
import { useSeen } from './useSeen';
import { useUploaderSelector, useUploadFile } from './useUpload';

const IMAGE_PREVIEW_MAX_BYTES = 20 * 1024 * 1024;
/** An image this big costs 30-150 ms of CPU to read and decode for its thumbnail (a 5 MB photo, Chromium, 2 cores). */
const BIG_IMAGE_BYTES = 1024 * 1024;
/** Uploads faster than this together are bound by the CPU, not the network (a LAN, a local store). */
const FAST_UPLOADS_BYTES_PER_SECOND = 25 * 1024 * 1024;

/**
 * Whether big images' thumbnails wait: while files send their bytes and their measured speed together is unknown yet
 * (the first progress events) or fast.
 * There the CPU is what the uploads wait on, and twenty 5 MB thumbnails tripled the time of a batch; over a real
 * network (a few MB/s) the thumbnails cost little beside the upload and show at once. Small images never wait.
 */
export function thumbnailsWait(snapshot: UploaderSnapshot): boolean {
  let wait = waits.get(snapshot);
  if (wait !== undefined) return wait;
  let unknown = false;
  let speed = 0;
  let measured = false;
  for (const file of snapshot.files) {
    if (file.bytesPerSecond !== null) {
      measured = true;
      speed += file.bytesPerSecond;
    }
    // Not measured yet: a presign (its send comes next) or a send that has only begun. A file waiting for a slot, or
    // to try again (bytes sent before, its speed cleared: a Retry-After, offline), uses no CPU.
    else if (file.status === 'presigning' || (file.status === 'uploading' && file.loaded === 0)) unknown = true;
  }
  waits.set(snapshot, (wait = measured ? speed >= FAST_UPLOADS_BYTES_PER_SECOND : unknown));
  return wait;
}

// Every big image's row asks of the same snapshot: it is worked out once.
const waits = new WeakMap<UploaderSnapshot, boolean>();
const noWait = () => false;

export interface FileRowProps {
  uploader: Uploader;
  id: string;
  /** The id of the row's error sentence: the drop zone refers to it too. */
  errorId: string;
  labels: Labels;
  disabled: boolean;
  /** Takes focus from a row that goes away with it (the drop zone). */
  onGone: (row: HTMLLIElement) => void;
}


/** The percentage a row shows and the announcer says. */
export function percentOf(file: UploadFile): number {
  if (file.status === 'done') return 100;
  // Floor (| 0: the snapshot's progress is 0 to 1), so 100% is never shown before storage confirmed the upload.
  return Math.min(99, (file.progress * 100) | 0);
}

/**
 * A ref for a row: one that leaves the page with focus inside it (its Remove, or its value replaced by the next upload)
 * gives focus to `onGone` (the drop zone), not to <body>. React detaches it before it removes the node (18 and 19).
 */
function useRowRef(row: { current: HTMLLIElement | null }, onGone: (row: HTMLLIElement, said?: string) => void, said?: string) {
  return useCallback(
    (next: HTMLLIElement | null) => {
      if (!next && row.current?.contains(row.current.ownerDocument.activeElement)) onGone(row.current, said);
      row.current = next;
    },
    [row, onGone, said],
  );
}

export const FileRow = /* @__PURE__ */ memo(function FileRow({ uploader, id, ...rest }: FileRowProps) {
  const file = useUploadFile(uploader, id);
  // Only a big image's row hears when thumbnails start or stop waiting.
  const big = !!file && file.type.startsWith('image/') && file.size > BIG_IMAGE_BYTES;
  const bigThumbnailsWait = useUploaderSelector(uploader, big ? thumbnailsWait : noWait);
  return file ? <Row file={file} actions={uploader} thumbnailWaits={big && bigThumbnailsWait} {...rest} /> : null;
});

/**
 * The name each value's file was picked as, by value: without `multiple`, a done file's value stays while its
 * replacement runs (and after it fails), in a row of its own whose name was its URL's last part, a storage key the user
 * never saw. Page-wide, so a widget mounted again (a dialog, a wizard's step) still knows it; a URL names one upload.
 */
const pickedNames = new Map<string, string>();

type RowProps = Omit<FileRowProps, 'uploader' | 'id'> & {
  /** The store's Cancel, Retry and Remove. */
  actions: Pick<Uploader, 'cancel' | 'retry' | 'remove'>;
  file: UploadFile;
  /** A big image whose thumbnail is not made yet (thumbnailsWait). */
  thumbnailWaits: boolean;
};

function Row({ file, actions, errorId, labels, disabled, thumbnailWaits, onGone }: RowProps) {
  const { status } = file;
  if (file.value) pickedNames.set(file.value, file.name);
  const nameId = useId();
  const statusId = useId();
  const active = isActive(status);
  const showProgress = active || status === 'done';
  const percent = percentOf(file);
  const uploading = status === 'uploading';
  const speed = uploading && file.bytesPerSecond ? labels.speed(file.bytesPerSecond) : null;
  const timeLeft = uploading && file.etaSeconds !== null ? labels.timeLeft(file.etaSeconds) : null;
  // A refused file (wrong type, too large...) offers Remove only: trying again cannot help.
  const canRetry = status === 'canceled' || (status === 'error' && !isRejection(file.error));
  // A button that goes away with focus on it (Cancel when the upload ends, Retry after a click) would drop
  // keyboard focus on <body>: React detaches its ref before removing the node, while it still has focus.
  const row = useRef<HTMLLIElement>(null);
  const focusLost = useRef(false);
  // The buttons' ref: detached while focus is in the row, a button goes with it (the buttons change all at once).
  const watch = useCallback((next: HTMLButtonElement | null) => {
    if (!next && row.current?.contains(row.current.ownerDocument.activeElement)) focusLost.current = true;
  }, []);
  useEffect(() => {
    if (!focusLost.current) return;
    focusLost.current = false;
    // An upload that ended by itself puts Remove where Cancel was: a late Enter meant for Cancel would delete the
    // upload. The row takes focus instead (it reads the name, the status and the error); Tab reaches its buttons.
    // After the user's own Cancel or Retry, the next button takes it (Retry, Cancel).
    if (status === 'done' || status === 'error') row.current?.focus();
    else row.current?.querySelector<HTMLButtonElement>('.mu-file-actions button:not(:disabled)')?.focus();
  });
  const describedBy = file.error ? errorId : undefined;
  // A thumbnail reads the whole file: it waits until the file's own bytes were read for the upload (checked and
  // prepared), so twenty 5 MB previews never queue ahead of the first file's check and delay its upload.
  const waiting = status === 'queued' || status === 'preparing';
  // An image's thumbnail decodes the whole file: past this size (a 3rem square of a 100 MB image) the icon is shown.
  const tooBig = file.type.startsWith('image/') && file.size > IMAGE_PREVIEW_MAX_BYTES;
  // A big image's thumbnail waits while fast uploads need the CPU (thumbnailsWait); once shown, it stays.
  const shown = useRef(false);
  // Nor is one made for a row nobody has scrolled near (useSeen.ts).
  const seen = useSeen(row, !waiting && !tooBig && (shown.current || !thumbnailWaits));
  if (seen) shown.current = true;

  return (
    <li
      ref={useRowRef(row, onGone)}
      className="mu-file"
      data-state={status}
      tabIndex={-1}
      aria-labelledby={`${nameId} ${statusId}`}
      aria-describedby={describedBy}
    >
      <Preview type={file.type} previewUrl={seen ? file.previewUrl : null} labels={labels} />
      <div className="mu-file-body">
        <div className="mu-file-head">
          <span className="mu-file-name" id={nameId}>
            {file.name}
          </span>
          <span className="mu-file-size">{labels.size(file.size)}</span>
          <span className="mu-file-status" id={statusId}>
            {uploading
              ? labels.uploadingStatus({ status: labels.status.uploading, percent })
              : labels.status[status]}
          </span>
        </div>
        {showProgress && (
          <div
            className="mu-progress"
            role="progressbar"
            aria-labelledby={nameId}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={labels.progress({ percent, speed, timeLeft })}
            data-state={status === 'done' ? 'complete' : 'loading'}
            data-value={percent}
            data-max={100}
          >
            <div className="mu-progress-indicator" style={{ transform: `translateX(-${100 - percent}%)` }} />
          </div>
        )}
        {/* Its line is kept while the bar shows (a no-break space until the speed is known, and once done): a row that
            grew when the speed came moved Cancel and the form's submit button under a tap meant for them. */}
        {showProgress && <div className="mu-file-meta">{[speed, timeLeft].filter(Boolean).join(' · ') || '\u00a0'}</div>}
        {file.changes.length > 0 && <div className="mu-file-changes">{labels.changes(file.changes)}</div>}
        {file.error && (
          <p className="mu-file-error" id={errorId}>
            {labels.error(file.error, file)}
          </p>
        )}
      </div>
      <div className="mu-file-actions">
        {active && (
          <button
            ref={watch}
            type="button"
            className="mu-button"
            aria-label={labels.cancelFile(file.name)}
            onClick={() => actions.cancel(file.id)}
          >
            {labels.cancel}
          </button>
        )}
        {canRetry && (
          <button
            ref={watch}
            type="button"
            className="mu-button"
            aria-label={labels.retryFile(file.name)}
            aria-describedby={describedBy}
            disabled={disabled}
            onClick={() => actions.retry(file.id)}
          >
            {labels.retry}
          </button>
        )}
        {!active && (
          <button
            ref={watch}
            type="button"
            className="mu-button"
            aria-label={labels.removeFile(file.name)}
            aria-describedby={describedBy}
            disabled={disabled}
            onClick={() => actions.remove(file.id)}
          >
            {labels.remove}
          </button>
        )}
      </div>
    </li>
  );
}

export interface ExistingValueRowProps {
  value: string;
  labels: Labels;
  disabled: boolean;
  onRemove: (value: string) => void;
  /** Takes focus from the row when it goes, and says `labels.announceRemoved` if it left the page. */
  onGone: (row: HTMLLIElement, said?: string) => void;
}

/** A value the form already had (defaultValue, a controlled value, or one kept while its replacement runs or failed). */
export function ExistingValueRow({ value, labels, disabled, onRemove, onGone }: ExistingValueRowProps) {
  const name = pickedNames.get(value) ?? labels.existingValue(value);
  return (
    <li ref={useRowRef(useRef<HTMLLIElement>(null), onGone, labels.announceRemoved(name))} className="mu-file" data-state="done" data-existing="">
      <Preview type="" previewUrl={null} labels={labels} />
      <div className="mu-file-body">
        <div className="mu-file-head">
          <span className="mu-file-name">{name}</span>
          <span className="mu-file-status">{labels.status.done}</span>
        </div>
      </div>
      <div className="mu-file-actions">
        <button
          type="button"
          className="mu-button"
          aria-label={labels.removeFile(name)}
          disabled={disabled}
          onClick={() => onRemove(value)}
        >
          {labels.remove}
        </button>
      </div>
    </li>
  );
}
