// Every string <MediaUploader> shows or announces, overridable one by one through the `labels` prop.
import { formatBytes } from '../core/formatBytes';
import { describeChanges } from '../core/media/describeChanges';
import type { PrepareChange } from '../core/media/types';
import type { UploadError, UploadFile, UploadStatus } from '../core/types';

export interface ProgressInfo {
  /** 0-100, whole numbers. */
  percent: number;
  /** "1.2 MB/s", or null before the speed is known. */
  speed: string | null;
  /** "5 seconds left", or null before the time left is known. */
  timeLeft: string | null;
}

export interface Labels {
  /** The drop zone's instruction. */
  dropzone: string;
  /** The drop zone's instruction while files are dragged over it. */
  dropzoneActive: string;
  /** The line under the instruction: what is accepted, up to what size. */
  hint: (info: { accept: string; maxSize: string; multiple: boolean }) => string;
  /** The accessible name of the file list. */
  fileList: string;
  /** The short word for each status, shown in the row. */
  status: Record<UploadStatus, string>;
  /**
   * The row's status while uploading, with its percentage: "Uploading 42%". `status` is `status.uploading`.
   * Shown, not announced: the live region still speaks once per status change.
   */
  uploadingStatus: (info: { status: string; percent: number }) => string;
  /** A size in words: "1.2 MB". */
  size: (bytes: number) => string;
  /** A speed in words: "1.2 MB/s". */
  speed: (bytesPerSecond: number) => string;
  /** Time left in words: "5 seconds left". */
  timeLeft: (seconds: number) => string;
  /** The progress bar's aria-valuetext: "42% uploaded, 1.2 MB/s, 5 seconds left". */
  progress: (info: ProgressInfo) => string;
  cancel: string;
  retry: string;
  remove: string;
  /** Accessible names of the row buttons: they include the file name ("Cancel holiday.png"). */
  cancelFile: (name: string) => string;
  retryFile: (name: string) => string;
  removeFile: (name: string) => string;
  /** What preparation changed, shown in the row: "4032×3024 → 2048×1536, 3.1 MB → 0.9 MB, location removed". */
  changes: (changes: readonly PrepareChange[]) => string;
  /** The sentence shown for an error; the core's message by default (match on `error.code` to translate). */
  error: (error: UploadError, file: UploadFile) => string;
  /**
   * Polite announcements, one per status change; those within a moment of each other are said as one message.
   * Return '' to keep one silent.
   */
  announceUploading: (name: string) => string;
  /** A file's preparation (resize, transform) has started: said only if it is still running when its turn comes. */
  announcePreparing: (name: string) => string;
  /** A progress milestone: at 25, 50 and 75 %, and every `announceProgressEvery` seconds without one. */
  announceProgress: (name: string, percent: number) => string;
  /** Seconds of uploading without a milestone before one is said anyway (long uploads); 0 turns this off. */
  announceProgressEvery: number;
  announceDone: (name: string) => string;
  /** `message` is `error`'s sentence; the default says only the message when it already names the file. */
  announceError: (name: string, message: string) => string;
  announceCanceled: (name: string) => string;
  announceRemoved: (name: string) => string;
  /** Ends a message about more files than a listener can take in (a drop of 60 refused files): how many more. */
  announceMore: (count: number) => string;
  /** The form's validation message while an upload is still running. */
  pendingUploads: string;
  /** The form's validation message when `required` and no file is uploaded. */
  required: string;
  /** The name shown for a value the form already had (defaultValue / value) that no file in the list produced. */
  existingValue: (value: string) => string;
  /** An audio file's duration: "Duration 0:42". */
  duration: (seconds: number) => string;
}

export function formatDuration(seconds: number): string {
  // A finite media duration (Preview checks), so | 0 floors it as Math.floor does.
  const total = Math.max(0, Math.round(seconds));
  const h = (total / 3600) | 0;
  const m = ((total % 3600) / 60) | 0;
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const left = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'} left`;

function formatTimeLeft(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  const m = Math.round(s / 60);
  return s < 60 ? left(s, 'second') : m < 60 ? left(m, 'minute') : left(Math.round(m / 60), 'hour');
}

function lastPathSegment(value: string): string {
  try {
    const segment = new URL(value).pathname.split('/').filter(Boolean).at(-1);
    return segment ? decodeURIComponent(segment) : value;
  } catch {
    return value; // a file id, not a URL
  }
}

/**
 * Starts a sentence with `describeAccept`'s words: "image, video…" becomes "Image, video…", while a format name
 * ("WebP", "MP4") or a raw MIME type ("application/pdf") is kept exactly as written.
 */
function capitalizeFirstWord(text: string): string {
  // The first letter of a first word made of lower-case letters only (up to a space, a comma or the end).
  return text.replace(/^[a-z](?=[a-z]*([\s,]|$))/, (letter) => letter.toUpperCase());
}

export const defaultLabels: Labels = {
  dropzone: 'Drop files here, paste, or press to choose',
  dropzoneActive: 'Drop the files to upload them',
  hint: ({ accept, maxSize }) => `${capitalizeFirstWord(accept)}, up to ${maxSize}`,
  fileList: 'Files',
  status: {
    queued: 'Waiting',
    preparing: 'Optimizing',
    presigning: 'Preparing',
    uploading: 'Uploading',
    done: 'Uploaded',
    error: 'Failed',
    canceled: 'Canceled',
  },
  uploadingStatus: ({ status, percent }) => `${status} ${percent}%`,
  size: formatBytes,
  speed: (bytesPerSecond) => `${formatBytes(bytesPerSecond)}/s`,
  timeLeft: formatTimeLeft,
  progress: ({ percent, speed, timeLeft }) => [`${percent}% uploaded`, speed, timeLeft].filter(Boolean).join(', '),
  cancel: 'Cancel',
  retry: 'Retry',
  remove: 'Remove',
  cancelFile: (name) => `Cancel ${name}`,
  retryFile: (name) => `Retry ${name}`,
  removeFile: (name) => `Remove ${name}`,
  changes: describeChanges,
  error: (error) => error.message,
  announceUploading: (name) => `Uploading ${name}`,
  announcePreparing: (name) => `Optimizing ${name}`,
  announceDone: (name) => `${name} uploaded`,
  announceProgress: (name, percent) => `${name} ${percent}% uploaded`,
  announceProgressEvery: 10,
  announceError: (name, message) => (message.includes(name) ? message : `${name} failed: ${message}`),
  announceCanceled: (name) => `${name} canceled`,
  announceRemoved: (name) => `${name} removed`,
  announceMore: (count) => `${count} more ${count === 1 ? 'file' : 'files'}: see the file list`,
  pendingUploads: 'Wait for the uploads to finish.',
  required: 'Choose a file to upload.',
  existingValue: lastPathSegment,
  duration: (seconds) => `Duration ${formatDuration(seconds)}`,
};
