// The `preparing` stage: metadata removal, resize and the app's transform, then the constraints and the type and size
// rules on the prepared file. This module and the media code are imported only when an option (or the default
// location removal on a JPEG, PNG or WebP) needs them (needsPreparation.ts), so apps that use none of it do not
// download it.
import { prepareFile } from './media/prepareFile';
import { asUploadError, previewFor, revokePreview } from './records';
import type { FileAction, FileRecord } from './reducer';
import type { UploadError, UploadOptions } from './types';
import { validateFile } from './validateFile';

/** Prepares the file and applies the `prepared` transition; resolves with the error that ends the upload, if any. */
export async function prepareStep(
  record: FileRecord,
  options: UploadOptions,
  signal: AbortSignal,
  run: number,
  files: ReadonlyMap<string, FileRecord>,
  dispatch: (action: FileAction) => void,
): Promise<UploadError | void> {
  // prepareFile races each step against the abort event, so it settled at once while a decode or the app's transform
  // ran on, and the engine gave the slot to the next file: prepares overlapped beyond `concurrency`. Its steps get a
  // signal that is aborted with this one but fires no event (they stop at their checkpoints), so this promise settles
  // when the work has stopped; the app's transform gets the real signal, events included.
  const quiet = new AbortController();
  quiet.signal.addEventListener = () => {};
  const stop = () => quiet.abort(signal.reason);
  signal.addEventListener('abort', stop);
  if (signal.aborted) stop();
  const prepare = options.prepare;
  const transform = prepare?.transform;
  try {
    const prepared = await prepareFile(
      record.file,
      record.type,
      transform ? { ...prepare, transform: (file) => transform(file, { signal }) } : prepare,
      quiet.signal,
    );
    const { file, type } = prepared;
    // The prepared file is what storage and the model get: it meets the same rules as a picked one.
    const error =
      validateFile({ name: record.name, size: file.size, type }, options) ??
      (options.constraints ? await import('./media/checkConstraints').then((m) => m.checkConstraints(file, type, options.constraints!, signal)) : null);
    if (error) return error;
    const previewUrl = file !== record.file ? previewFor(file, type) : null;
    const before = files.get(record.id);
    dispatch({ type: 'prepared', id: record.id, run, file, mime: type, changes: prepared.changes, previewUrl });
    // The new preview replaces the old one only if the transition applied: a file canceled or removed meanwhile kept
    // a revoked URL (a broken thumbnail), and the new one leaked.
    if (previewUrl) revokePreview(files.get(record.id) === before ? { previewUrl } : before);
  } catch (failure) {
    if (signal.aborted) throw failure;
    return asUploadError(failure, record.name);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
