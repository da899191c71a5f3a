// Builds the immutable snapshot the UI reads. Derived values (progress, speed, ETA, isUploading, value)
// are computed here, never stored; an unchanged file record maps to the same entry object.
import { isActive, type FileRecord, type UploaderState } from './reducer';
import type { UploaderSnapshot, UploadFile } from './types';

export type EntryCache = WeakMap<FileRecord, UploadFile>;

export function buildSnapshot(state: UploaderState, cache: EntryCache): UploaderSnapshot {
  const files = state.files.map((record) => {
    let entry = cache.get(record);
    if (!entry) {
      entry = Object.freeze(toEntry(record));
      cache.set(record, entry);
    }
    return entry;
  });
  const done = files.filter((f) => f.status === 'done' && f.value !== null).map((f) => f.value as string);
  const value = done.length === 0 && state.retainedValue !== null ? [state.retainedValue] : done;
  return Object.freeze({
    files: Object.freeze(files),
    value: Object.freeze(value),
    isUploading: files.some((f) => isActive(f.status)),
  });
}

function toEntry(record: FileRecord): UploadFile {
  const { samples, ...rest } = record;
  const progress = record.status === 'done' ? 1 : record.total > 0 ? Math.min(1, record.loaded / record.total) : 0;
  const bytesPerSecond = record.status === 'uploading' ? speedOf(samples) : null;
  const etaSeconds =
    bytesPerSecond !== null && bytesPerSecond > 0 ? Math.max(0, (record.total - record.loaded) / bytesPerSecond) : null;
  return { ...rest, progress, bytesPerSecond, etaSeconds };
}

/** Bytes per second over the moving window of samples; null until two samples are apart in time. */
export function speedOf(samples: readonly { at: number; loaded: number }[]): number | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at <= first.at) return null;
  return Math.max(0, (last.loaded - first.loaded) / ((last.at - first.at) / 1000));
}
