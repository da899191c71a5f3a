// A picked file's check: its type and size rules (validate.ts), and, when its only preparation is removing location
// data, that preparation too. The walk reads headers as the check does: done now, it is off the path of an upload slot.
import { isUploadError } from './errors';
import { checkHeadLength, loadPrepareStep, preparesWithCheck } from './needsPreparation';
import type { Prepared } from './prepareStep';
import type { UploadError, UploadOptions } from './types';
import { checkFile } from './validate';

export interface Checked {
  /** The type to use (sniffed from the bytes when they say). */
  type: string;
  /** The file's refusal, or the preparation's failure. */
  error: UploadError | null;
  /** The file prepared with its check, if it was. */
  prepared?: Prepared;
}

/**
 * Checks one picked file. `signal` (cancel, remove) aborts the preparation; if that is aborted or its code cannot
 * load, the file is checked but not prepared, and its upload slot prepares it and reports what fails then.
 */
export async function checkPicked(file: File, name: string, options: UploadOptions, signal: AbortSignal): Promise<Checked> {
  let { type, error, head } = await checkFile(file, options, checkHeadLength(file, options));
  try {
    // The prepared file is what accept and maxSize judge (DESIGN.md): a refusal the preparation mends waits for it.
    if (error && options.prepare && (await loadPrepareStep()).mends(file, type, error, options)) error = null;
    if (error || !preparesWithCheck(type, options)) return { type, error };
    const outcome = await (await loadPrepareStep()).prepareUpload(file, name, type, options, signal, head);
    return isUploadError(outcome) ? { type, error: outcome } : { type, error: null, prepared: outcome };
  } catch {
    return { type, error };
  }
}
