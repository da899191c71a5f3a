// The only place a file's status changes. Every transition is an action guarded by the status it starts from
// (and by the run it belongs to); an action that does not apply returns the same record, so nothing re-renders.
// Everything that decides what runs next (queue position, attempt, target, expiry retry, backoff) is here.
import { isRejection } from './errors';
import type { PrepareChange } from './media/types';
import type { UploadError, UploadStatus, UploadTarget } from './types';

/** The public statuses plus `checking`: the file's first bytes are being read (shown as `queued`). */
export type Phase = UploadStatus | 'checking';

/** What the store keeps per file; progress, speed and ETA are derived from it when the snapshot is built. */
export interface FileRecord {
  readonly id: string;
  /** The file as picked. */
  readonly file: File;
  /** What is presigned and sent: the prepared file, else `file`. */
  readonly upload: File;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  /** The picked file's type as its bytes show it (`type` until the check, then the prepared file's type). */
  readonly sniffed: string;
  readonly status: Phase;
  /** True once the bytes were sniffed and the type and size rules applied. */
  readonly checked: boolean;
  /**
   * Once `upload` is a prepared file, the settings it was prepared with (prepareStep.ts `preparationKey`): a run
   * starts at `presigning` while they still hold, and prepares the picked file again once the app changed them.
   */
  readonly prepared: string | null;
  readonly loaded: number;
  readonly total: number;
  readonly value: string | null;
  readonly error: UploadError | null;
  readonly changes: readonly PrepareChange[];
  /** Recent `{ at, loaded }` samples for the moving speed window. */
  readonly samples: readonly ProgressSample[];
  /** Which start this work belongs to: results of an earlier, canceled run are ignored. 0 when not running. */
  readonly run: number;
  /**
   * Failed attempts of this run so far, presign and upload together: `retry` is one budget per run (3 by default),
   * so a file whose presign and PUT both flake gives up after 3 retries, not 6. DESIGN.md's "retried ... 3 times"
   * reads either way and the retry tests pin one count; counting them apart would only lengthen the worst case.
   */
  readonly attempt: number;
  /** Epoch ms before which the next attempt may not start (backoff, Retry-After). */
  readonly retryAt: number;
  /** The presigned target, kept across attempts until it expires or storage refuses it. */
  readonly target: UploadTarget | null;
  /** True once this run presigned again after a 403 "Request has expired". */
  readonly expiredRetryUsed: boolean;
}

export interface ProgressSample {
  at: number;
  loaded: number;
}

type Run = { id: string; run: number };
/** A preparation's result: what is presigned and sent. */
type PreparedUpload = { file: File; mime: string; changes: readonly PrepareChange[]; key: string };

export type FileAction =
  | { type: 'checked'; id: string; mime: string; error: UploadError | null; prepared?: PreparedUpload | undefined }
  | (Run & { type: 'start'; prepare: boolean })
  | (Run & { type: 'prepared' } & PreparedUpload)
  | (Run & { type: 'presigned'; target: UploadTarget })
  | (Run & { type: 'send'; at: number })
  | { type: 'progress'; id: string; loaded: number; total: number; at: number }
  | (Run & { type: 'presign'; expired: boolean })
  | (Run & { type: 'wait'; retryAt: number; attempt: number })
  | (Run & { type: 'done'; value: string })
  | (Run & { type: 'fail'; error: UploadError })
  | { type: 'cancel'; id: string }
  | { type: 'requeue'; id: string };

/** The speed window: samples older than this are dropped. */
export const SPEED_WINDOW_MS = 3000;
const ACTIVE: readonly Phase[] = ['checking', 'queued', 'preparing', 'presigning', 'uploading'];

export const isActive = (status: Phase): boolean => ACTIVE.includes(status);
/** Before a file's upload is on its way; after them it is sending, being prepared, ended, or gone (no status). */
export const BEFORE_ITS_WAY: readonly (Phase | undefined)[] = ['checking', 'queued', 'presigning'];
/** The status the app sees: a file whose bytes are being checked shows as queued. */
export const shownStatus = (status: Phase): UploadStatus => (status === 'checking' ? 'queued' : status);

export function newRecord(file: File, id: string): FileRecord {
  // A File with no name (an app's `new File([blob], '')`) would read "Remove " and be presigned as "": it is listed,
  // checked and presigned as `upload`, a named copy (prepareUpload names what it prepares so too); `file` stays the
  // app's, which it may look its entry up by. uploadInput names one `upload.<ext>`.
  const upload = file.name ? file : new File([file], 'upload', { type: file.type, lastModified: file.lastModified });
  return {
    id,
    file,
    upload,
    name: upload.name,
    size: file.size,
    type: file.type,
    sniffed: file.type,
    status: 'checking',
    checked: false,
    prepared: null,
    loaded: 0,
    total: file.size,
    value: null,
    error: null,
    changes: [],
    samples: [],
    run: 0,
    attempt: 0,
    retryAt: 0,
    target: null,
    expiredRetryUsed: false,
  };
}

export function fileReducer(f: FileRecord, action: FileAction): FileRecord {
  const inRun = !('run' in action) || action.run === f.run;
  const from = (...statuses: Phase[]) => inRun && statuses.includes(f.status);
  switch (action.type) {
    case 'checked': {
      // From `canceled` too: a file canceled while its bytes were read still gets its type and checks, so a
      // Retry later sends the sniffed type and never skips the rules.
      if (f.checked || !from('checking', 'canceled')) return f;
      // A file that needed only its metadata removed was prepared with its check (needsPreparation.ts).
      const sniffed = { ...f, checked: true, type: action.mime, sniffed: action.mime };
      const typed = action.prepared ? withUpload(sniffed, action.prepared) : sniffed;
      // A canceled file stays canceled: only a rule it breaks (type, size) is shown; a failed preparation is met
      // again, in its slot, if it is retried.
      if (action.error && (f.status !== 'canceled' || isRejection(action.error))) return { ...typed, status: 'error', error: action.error };
      return f.status === 'checking' ? { ...typed, status: 'queued' } : typed;
    }
    case 'start':
      if (f.status !== 'queued') return f;
      return {
        ...f,
        status: action.prepare ? 'preparing' : 'presigning',
        run: action.run,
        attempt: 0,
        retryAt: 0,
        expiredRetryUsed: false,
      };
    case 'prepared':
      return from('preparing') ? { ...withUpload(f, action), status: 'presigning' } : f;
    case 'presigned':
      return from('presigning') ? { ...f, target: action.target } : f;
    case 'send':
      if (!from('presigning', 'uploading') || !f.target) return f;
      return { ...f, status: 'uploading', loaded: 0, total: f.size, samples: [{ at: action.at, loaded: 0 }] };
    case 'progress': {
      if (f.status !== 'uploading' || (f.loaded === action.loaded && f.total === action.total)) return f;
      const samples = [...f.samples, { at: action.at, loaded: action.loaded }].filter((s) => action.at - s.at <= SPEED_WINDOW_MS);
      return { ...f, loaded: action.loaded, total: action.total, samples };
    }
    case 'presign':
      // A target that expired (or will before the file is sent) is presigned again. After a 403 "Request has
      // expired" only once per run: the clock or a slow queue outran the URL; a second expiry is reported.
      if (!from('presigning', 'uploading') || (action.expired && f.expiredRetryUsed)) return f;
      return { ...f, status: 'presigning', target: null, expiredRetryUsed: f.expiredRetryUsed || action.expired, samples: [] };
    case 'wait':
      // A failed attempt that will be tried again (or one given back: driveUpload): when, and how many failed so far.
      // No speed or ETA from it; the target, if any, is kept.
      if (!from('presigning', 'uploading')) return f;
      return {
        ...f,
        status: f.target ? 'uploading' : 'presigning',
        attempt: action.attempt,
        retryAt: action.retryAt,
        samples: [],
      };
    case 'done':
      if (!from('uploading')) return f;
      return { ...f, status: 'done', loaded: f.total, value: action.value, error: null, samples: [], run: 0 };
    case 'fail':
      if (!inRun || !isActive(f.status)) return f;
      return { ...f, status: 'error', error: action.error, samples: [], run: 0 };
    case 'cancel':
      return isActive(f.status) ? { ...f, status: 'canceled', samples: [], run: 0 } : f;
    case 'requeue':
      if ((f.status !== 'error' && f.status !== 'canceled') || isRejection(f.error)) return f;
      return { ...f, status: f.checked ? 'queued' : 'checking', loaded: 0, error: null, samples: [], target: null };
  }
}

function withUpload(f: FileRecord, prepared: PreparedUpload): FileRecord {
  const { file, mime, changes, key } = prepared;
  return { ...f, prepared: key, upload: file, size: file.size, total: file.size, type: mime, changes };
}
