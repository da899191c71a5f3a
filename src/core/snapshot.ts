// Builds the immutable snapshot the UI reads. Derived values (progress, speed, ETA, isUploading, the field value and
// its validity) are computed here, never stored; an unchanged file record maps to the same entry object.
import { isActive, shownStatus, type FileRecord } from './reducer';
import type { UploadActivity, UploaderSnapshot, UploadFile, UploadOptions } from './types';

/** Entries by record (an unchanged record maps to the same entry), and how an entry finds its preview URL. */
export interface EntryCache {
  entries: WeakMap<FileRecord, UploadFile>;
  previewUrlOf: (record: FileRecord) => string | null;
}

export function toArray(value: string | readonly string[] | undefined | null): string[] {
  return [value ?? []].flat().filter((item) => item !== '');
}

export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** The field as the store holds it: files in pick order, and values no listed file produced. */
export interface FieldState {
  order: readonly string[];
  files: ReadonlyMap<string, FileRecord>;
  /** Uncontrolled: defaultValue, or a value kept through a replacement. Controlled: values the user removed are in `hidden`. */
  existing: readonly string[];
  hidden: ReadonlySet<string>;
}

export interface FieldValue {
  /** What the field holds now: the controlled value when there is one, else `proposed`. */
  value: string[];
  /** What the uploader makes of it: existing values first, then done files in pick order (onChange gets this). */
  proposed: string[];
  existing: string[];
}

export function fieldValue(state: FieldState, options: UploadOptions): FieldValue {
  const listed: string[] = [];
  for (const id of state.order) {
    const record = state.files.get(id)!;
    if (record.status === 'done' && record.value !== null) listed.push(record.value);
  }
  const controlled = options.value !== undefined;
  const listedSet = new Set(listed);
  const existing = controlled ? toArray(options.value).filter((item) => !listedSet.has(item)) : [...state.existing];
  // What the user removed is left out of what the uploader proposes, and shown while the value still holds it.
  const kept = existing.filter((item) => !state.hidden.has(item));
  // Without `multiple` the last done file is the value; a replaced file's value stays until then.
  const proposed = options.multiple ? [...kept, ...listed] : listed.length > 0 ? listed.slice(-1) : kept.slice(0, 1);
  return { value: controlled ? toArray(options.value) : proposed, proposed, existing };
}

export function buildSnapshot(
  state: FieldState,
  options: UploadOptions,
  activity: readonly UploadActivity[],
  cache: EntryCache,
  previous: UploaderSnapshot | null,
): UploaderSnapshot {
  const files: UploadFile[] = [];
  let isUploading = false;
  for (const id of state.order) {
    const record = state.files.get(id)!;
    if (isActive(record.status)) isUploading = true;
    files.push(entryOf(record, cache));
  }
  const field = fieldValue(state, options);
  const messages = options.validationMessages;
  const validationMessage = isUploading
    ? (messages?.pending ?? 'Wait for the uploads to finish.')
    : options.required && field.value.length === 0
      ? (messages?.required ?? 'Choose a file to upload.')
      : '';
  // Unchanged lists keep their identity, so a UI that reads only them skips progress ticks.
  const same = (next: string[], last: readonly string[] | undefined) => (last && sameValues(next, last) ? last : Object.freeze(next));
  return Object.freeze({
    files: Object.freeze(files),
    fileIds: same([...state.order], previous?.fileIds),
    value: same(field.value, previous?.value),
    existingValues: same(field.existing, previous?.existingValues),
    isUploading,
    validationMessage,
    activity,
  });
}

/** The public entry of a record, the same object while the record is unchanged. */
export function entryOf(record: FileRecord, cache: EntryCache): UploadFile {
  let entry = cache.entries.get(record);
  if (!entry) {
    entry = Object.freeze(toEntry(record, cache.previewUrlOf));
    cache.entries.set(record, entry);
  }
  return entry;
}

function toEntry(r: FileRecord, previewUrlOf: EntryCache['previewUrlOf']): UploadFile {
  // `loaded` is never above `total` (transport caps it; a new total comes with loaded 0): 0/0 is no progress yet.
  const progress = r.status === 'done' ? 1 : r.loaded / r.total || 0;
  const bytesPerSecond = r.status === 'uploading' ? speedOf(r.samples) : null;
  // No speed (null) or none measured (0): no estimate.
  const etaSeconds = bytesPerSecond! > 0 ? (r.total - r.loaded) / bytesPerSecond! : null;
  return {
    id: r.id,
    file: r.file,
    name: r.name,
    size: r.size,
    type: r.type,
    status: shownStatus(r.status),
    loaded: r.loaded,
    total: r.total,
    progress,
    bytesPerSecond,
    etaSeconds,
    value: r.value,
    error: r.error,
    changes: r.changes,
    // Made when first read (records.ts createPreviews).
    get previewUrl() {
      return previewUrlOf(r);
    },
  };
}

/** Bytes per second over the moving window of samples; null until two samples are apart in time. */
export function speedOf(samples: readonly { at: number; loaded: number }[]): number | null {
  const first = samples[0];
  const last = samples.at(-1)!;
  if (!first || last.at <= first.at) return null;
  return Math.max(0, (last.loaded - first.loaded) / ((last.at - first.at) / 1000));
}
