// The `preparing` stage: metadata removal, resize and the app's transform, then the constraints and the type and size
// rules on the prepared file. This module and the media code are imported only when an option (or the default
// location removal on a JPEG, PNG or WebP) needs them (needsPreparation.ts), so apps that use none of it do not
// download it.
import { fileTypeOf } from './accept';
import { asUploadError, isUploadError } from './errors';
import { loadOnce } from './loadOnce';
import type { PrepareChange } from './media/types';
import { prepareFile } from './media/prepareFile';
import type { FileAction, FileRecord } from './reducer';
import type { UploadError, UploadOptions } from './types';
import { DEFAULT_MAX_SIZE } from './validate';
import { sniffMime } from './sniff';
import { unknownBytesError, validateFile } from './validateFile';

/**
 * The settings that decide what preparing a file of this type does, as one comparable string: whether there is a
 * `prepare.transform` (not which: an inline function is new on every render, and a Retry would transform again) and
 * the constraints of the file's kind.
 */
export function preparationKey(type: string, { prepare, constraints }: UploadOptions): string {
  const kind = fileTypeOf(type);
  return JSON.stringify([prepare, kind !== 'other' && constraints?.[kind], kind === 'video' && constraints?.audio], (_, value: unknown) =>
    typeof value === 'function' ? 'fn' : value,
  );
}

/** The constraint checks (dimensions, duration, audio), loaded with the first file that has constraints. */
const loadConstraints = loadOnce(() => import('./media/checkConstraints'));

/** A prepared file, ready for its presign. */
export interface Prepared {
  file: File;
  mime: string;
  changes: readonly PrepareChange[];
  /** The settings it was prepared with (`preparationKey`). */
  key: string;
}

/**
 * Prepares a picked file whose bytes show `type`: resolves with what to upload, or the error that ends the upload.
 * `head`: the file's first bytes, when its check read them.
 */
export async function prepareUpload(file: File, name: string, type: string, options: UploadOptions, signal: AbortSignal, head?: Uint8Array | null): Promise<Prepared | UploadError> {
  // prepareFile settles when its work has stopped (each step ends, then the abort is checked): the slot this file
  // holds is given to the next one only then, so a cancel never lets two decodes run beyond `concurrency`.
  const key = preparationKey(type, options);
  // A File with no name is listed as `upload` (newRecord): what is prepared from it is named so, not "".
  if (!file.name) file = new File([file], name, { type: file.type, lastModified: file.lastModified });
  try {
    const prepared = await prepareFile(file, type, options.prepare, signal, head);
    // The prepared file is what storage and the model get: it meets the same rules as a picked one, the rule on bytes
    // of no known format too when the app's transform made it (a transform that only rewraps an SVG).
    const unknown = options.prepare?.transform && !(await sniffMime(prepared.file)) ? unknownBytesError(prepared.file, options) : null;
    const error =
      unknown ??
      validateFile({ name, size: prepared.file.size, type: prepared.type }, options) ??
      (options.constraints
        ? await loadConstraints().then((m) => m.checkConstraints(prepared.file, prepared.type, options.constraints!, signal))
        : null);
    return error ?? { file: prepared.file, mime: prepared.type, changes: prepared.changes, key };
  } catch (failure) {
    if (signal.aborted) throw failure;
    return asUploadError(failure, name);
  }
}

/**
 * Whether the preparation may mend a picked file's refusal, which then waits for the prepared file's check (DESIGN.md:
 * the prepared file is what is checked against accept and maxSize): any type the app's transform takes in, and a
 * size a transform or an image's resize brings down; not past 100 MB, more than a browser should decode for it.
 */
export function mends(file: File, type: string, error: UploadError, options: UploadOptions): boolean {
  const { transform, resizeImage } = options.prepare ?? {};
  if (error.code === 'file-invalid-type') return !!transform;
  return error.code === 'file-too-large' && file.size <= DEFAULT_MAX_SIZE && !!(transform || (resizeImage && fileTypeOf(type) === 'image'));
}

/** The `preparing` stage of a run: applies the `prepared` transition; resolves with the error that ends the upload. */
export async function prepareStep(
  record: FileRecord,
  options: UploadOptions,
  signal: AbortSignal,
  run: number,
  dispatch: (action: FileAction) => void,
): Promise<UploadError | void> {
  const outcome = await prepareUpload(record.file, record.name, record.sniffed, options, signal);
  if (isUploadError(outcome)) return outcome;
  dispatch({ type: 'prepared', id: record.id, run, ...outcome });
}
