// The `preparing` stage: metadata removal, resize and the app's transform, then the constraints and the type and size
// rules on the prepared file. This module and the media code are imported only when an option (or the default
// location removal on a JPEG, PNG or WebP) needs them (needsPreparation.ts), so apps that use none of it do not
// download it.
import { asUploadError } from './errors';
import { prepareFile } from './media/prepareFile';
import type { FileAction, FileRecord } from './reducer';
import type { UploadError, UploadOptions } from './types';
import { validateFile } from './validateFile';

/** Prepares the file and applies the `prepared` transition; resolves with the error that ends the upload, if any. */
export async function prepareStep(
  record: FileRecord,
  options: UploadOptions,
  signal: AbortSignal,
  run: number,
  dispatch: (action: FileAction) => void,
): Promise<UploadError | void> {
  // prepareFile settles when its work has stopped (each step ends, then the abort is checked): the slot this file
  // holds is given to the next one only then, so a cancel never lets two decodes run beyond `concurrency`.
  try {
    const prepared = await prepareFile(record.file, record.type, options.prepare, signal);
    const { file, type } = prepared;
    // The prepared file is what storage and the model get: it meets the same rules as a picked one.
    const error =
      validateFile({ name: record.name, size: file.size, type }, options) ??
      (options.constraints ? await import('./media/checkConstraints').then((m) => m.checkConstraints(file, type, options.constraints!, signal)) : null);
    if (error) return error;
    dispatch({ type: 'prepared', id: record.id, run, file, mime: type, changes: prepared.changes });
  } catch (failure) {
    if (signal.aborted) throw failure;
    return asUploadError(failure, record.name);
  }
}
