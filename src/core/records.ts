// A record's preview URL (and freeing it), and turning any failure into an UploadError.
import { isUploadError, reasonOf, uploadError } from './errors';
import type { FileRecord } from './reducer';
import { fileTypeOf } from './sniff';
import type { UploadError } from './types';

/** A bug or a missing XMLHttpRequest (SSR) still ends as data on the file, never as an unhandled rejection. */
export function asUploadError(failure: unknown, name: string): UploadError {
  if (isUploadError(failure)) return failure;
  return uploadError('upload-failed', `The upload of ${name} failed unexpectedly${reasonOf(failure)}.`, { cause: failure });
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

/** Frees a record's preview (remove, replace, clear, destroy, a prepared file's). */
export function revokePreview(record: Pick<FileRecord, 'previewUrl'> | undefined): void {
  if (record?.previewUrl && typeof URL !== 'undefined' && typeof URL.revokeObjectURL === 'function') {
    URL.revokeObjectURL(record.previewUrl);
  }
}
