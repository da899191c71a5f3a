// The only place a file's status changes. Every transition is an action; an action that does not
// apply to the file's current status returns the same state object, so nothing re-renders.
import { isRejection } from './errors';
import type { UploadError, UploadStatus } from './types';

/** What the store keeps per file; progress, speed and ETA are derived from it when the snapshot is built. */
export interface FileRecord {
  readonly id: string;
  readonly file: File;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly status: UploadStatus;
  readonly loaded: number;
  readonly total: number;
  readonly value: string | null;
  readonly error: UploadError | null;
  readonly previewUrl: string | null;
  /** Recent `{ at, loaded }` samples for the moving speed window. */
  readonly samples: readonly ProgressSample[];
}

export interface ProgressSample {
  at: number;
  loaded: number;
}

export interface UploaderState {
  readonly files: readonly FileRecord[];
  /**
   * Without `multiple`: the replaced file's value, kept until a replacement is done (or `clear`). A failed,
   * canceled or removed replacement leaves it: a network error must not lose the user's earlier upload.
   */
  readonly retainedValue: string | null;
}

export type UploaderAction =
  | { type: 'add'; records: readonly FileRecord[]; replace: boolean }
  | { type: 'typed'; id: string; mime: string; previewUrl: string | null }
  | { type: 'reject'; id: string; error: UploadError }
  | { type: 'presign'; id: string }
  | { type: 'start'; id: string; total: number; at: number }
  | { type: 'progress'; updates: readonly { id: string; loaded: number; total: number; at: number }[] }
  | { type: 'retrying'; id: string }
  | { type: 'done'; id: string; value: string }
  | { type: 'fail'; id: string; error: UploadError }
  | { type: 'cancel'; id: string }
  | { type: 'requeue'; id: string }
  | { type: 'remove'; id: string }
  | { type: 'clear' };

export const initialState: UploaderState = { files: [], retainedValue: null };

/** The speed window: samples older than this are dropped. */
export const SPEED_WINDOW_MS = 3000;
const ACTIVE: readonly UploadStatus[] = ['queued', 'presigning', 'uploading'];

export function isActive(status: UploadStatus): boolean {
  return ACTIVE.includes(status);
}

export function uploaderReducer(state: UploaderState, action: UploaderAction): UploaderState {
  switch (action.type) {
    case 'add': {
      if (!action.replace) return { ...state, files: [...state.files, ...action.records] };
      // Without `multiple` the old value stays until the new file is done (DESIGN.md "replaces").
      const oldValue = state.files.find((f) => f.status === 'done')?.value ?? state.retainedValue;
      return { files: [...action.records], retainedValue: oldValue };
    }
    // From `canceled` too: a file canceled while its bytes were sniffed still gets its type and its checks.
    case 'typed':
      return update(state, action.id, ['queued', 'canceled'], (f) => ({ ...f, type: action.mime, previewUrl: action.previewUrl }));
    case 'reject':
      return update(state, action.id, ['queued', 'canceled'], (f) => ({ ...f, status: 'error', error: action.error }));
    case 'presign':
      // From `uploading` too: an expired target is presigned again before the next PUT.
      return update(state, action.id, ['queued', 'presigning', 'uploading'], (f) =>
        f.status === 'presigning' ? f : { ...f, status: 'presigning' },
      );
    case 'start':
      return update(state, action.id, ['presigning', 'uploading'], (f) => ({
        ...f,
        status: 'uploading',
        loaded: 0,
        total: action.total,
        samples: [{ at: action.at, loaded: 0 }],
      }));
    case 'progress': {
      let next = state;
      for (const u of action.updates) {
        next = update(next, u.id, ['uploading'], (f) => {
          if (f.loaded === u.loaded && f.total === u.total) return f;
          const samples = [...f.samples, { at: u.at, loaded: u.loaded }].filter((s) => u.at - s.at <= SPEED_WINDOW_MS);
          return { ...f, loaded: u.loaded, total: u.total, samples };
        });
      }
      return next;
    }
    case 'retrying':
      // Waiting out a backoff delay: no speed or ETA from the failed attempt.
      return update(state, action.id, ['presigning', 'uploading'], (f) => (f.samples.length === 0 ? f : { ...f, samples: [] }));
    case 'done': {
      const next = update(state, action.id, ['uploading'], (f) => ({
        ...f,
        status: 'done',
        loaded: f.total,
        value: action.value,
        error: null,
        samples: [],
      }));
      return next === state ? state : { ...next, retainedValue: null };
    }
    case 'fail':
      return update(state, action.id, ACTIVE, (f) => ({ ...f, status: 'error', error: action.error, samples: [] }));
    case 'cancel':
      return update(state, action.id, ACTIVE, (f) => ({ ...f, status: 'canceled', samples: [] }));
    case 'requeue':
      return update(state, action.id, ['error', 'canceled'], (f) =>
        isRejection(f.error) ? f : { ...f, status: 'queued', loaded: 0, error: null, samples: [] },
      );
    case 'remove': {
      if (!state.files.some((f) => f.id === action.id)) return state;
      // A value kept through a replace stays: removing a failed or canceled replacement is about that file
      // only, and nothing else would bring the old value back. Only a done replacement or clear drops it.
      return { ...state, files: state.files.filter((f) => f.id !== action.id) };
    }
    case 'clear':
      return state.files.length === 0 && state.retainedValue === null ? state : initialState;
  }
}

/** Applies `change` to one file when its status is one of `from`; keeps every other object's identity. */
function update(
  state: UploaderState,
  id: string,
  from: readonly UploadStatus[],
  change: (file: FileRecord) => FileRecord,
): UploaderState {
  const index = state.files.findIndex((f) => f.id === id);
  const file = state.files[index];
  if (!file || !from.includes(file.status)) return state;
  const changed = change(file);
  if (changed === file) return state;
  const files = state.files.slice();
  files[index] = changed;
  return { ...state, files };
}
