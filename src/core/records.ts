// Creating a file record, its preview URL (and freeing it), and turning any failure into an UploadError.
import { isUploadError, uploadError } from './errors';
import type { FileRecord } from './reducer';
import { fileTypeOf } from './sniff';
import type { UploadError } from './types';

export function newRecord(file: File, id: string): FileRecord {
  return {
    id,
    file,
    name: file.name,
    size: file.size,
    type: file.type,
    status: 'queued',
    loaded: 0,
    total: file.size,
    value: null,
    error: null,
    previewUrl: null,
    samples: [],
  };
}

/** A bug or a missing XMLHttpRequest (SSR) still ends as data on the file, never as an unhandled rejection. */
export function asUploadError(failure: unknown, name: string): UploadError {
  if (isUploadError(failure)) return failure;
  const reason = failure instanceof Error && failure.message ? ` (${failure.message})` : '';
  return uploadError('upload-failed', `The upload of ${name} failed unexpectedly${reason}.`, { cause: failure });
}

/** An object URL for media previews; none on the server, in workers without URL.createObjectURL, or for other types. */
export function previewFor(file: File, type: string): string | null {
  if (fileTypeOf(type) === 'other') return null;
  if (typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  try {
    return URL.createObjectURL(file);
  } catch {
    return null;
  }
}

/** Frees a record's preview (remove, replace, clear, destroy). */
export function revokePreview(record: FileRecord | undefined): void {
  if (record?.previewUrl && typeof URL !== 'undefined' && typeof URL.revokeObjectURL === 'function') {
    URL.revokeObjectURL(record.previewUrl);
  }
}
