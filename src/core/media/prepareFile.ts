// Preparation of one file before its presign: strip metadata → resize → the app's transform. Loaded by the
// engine with import() only when `prepare` asks for work, so apps that use none of it do not download it.
import { isUploadError } from '../errors';
import { formatBytePair } from '../formatBytes';
import { untilAborted } from '../retry';
import { sniffMime } from '../sniff';
import { DamagedFileError, UnreadableFileError } from './bytes';
import { withExtension } from './extensions';
import { mediaError } from './mediaError';
import { PrepareStepError, resizeImage, UndecodableImageError } from './resizeImage';
import { canStrip, stripMetadata } from './stripMetadata';
import type { PrepareChange, PreparedFile, PrepareOptions, ResizeImageOptions } from './types';

/**
 * Runs strip → resize → transform on a file whose sniffed MIME is `type`; returns the prepared File (name with the
 * right extension, type set). A new file from the transform is stripped too, and resized when the original could
 * not be decoded (HEIC in Chromium). Throws an UploadError with code 'prepare-failed' (a sentence naming the file) on
 * failure; rejects with signal.reason when aborted, once the running step has ended (a decode cannot be stopped
 * midway), so the caller knows when the work is over. `head`: the file's first bytes, when the type check read them.
 */
export async function prepareFile(file: File, type: string, prepare: PrepareOptions | undefined, signal: AbortSignal, head?: Uint8Array | null): Promise<PreparedFile> {
  signal.throwIfAborted();
  const changes: PrepareChange[] = [];
  const result: PreparedFile = { file, type, changes };
  const mode = prepare?.stripMetadata ?? 'location';
  const box = prepare?.resizeImage;
  const wantsResize = box !== undefined && (box.maxWidth !== undefined || box.maxHeight !== undefined);
  try {
    if (mode) await strip(result, mode, signal, head);
    let resizeAfterTransform = false;
    if (wantsResize) {
      try {
        await resize(result, box, signal);
      } catch (failure) {
        // A HEIC in Chromium: the app's transform may make it decodable (HEIC → JPEG), so the box applies after it.
        if (!(failure instanceof UndecodableImageError && prepare?.transform)) throw failure;
        resizeAfterTransform = true;
      }
    }
    if (prepare?.transform && (await transform(result, prepare.transform, signal))) {
      // What the app made is held to the same rule: no location leaves the browser.
      if (mode) await strip(result, mode, signal);
      if (resizeAfterTransform) await resize(result, box!, signal);
    }
  } catch (failure) {
    if (signal.aborted) throw signal.reason;
    if (isUploadError(failure)) throw failure;
    throw mediaError('prepare-failed', `${file.name} could not be prepared for upload: ${reasonOf(failure)}.`, { cause: failure });
  }
  return result;
}

async function strip(result: PreparedFile, mode: 'location' | 'all', signal: AbortSignal, head?: Uint8Array | null): Promise<void> {
  const { file, type, changes } = result;
  if (!canStrip(type)) return;
  const stripped = await stripMetadata(file, type, mode, head);
  signal.throwIfAborted();
  const note = (kind: PrepareChange['kind']) => changes.some((c) => c.kind === kind) || changes.push({ kind });
  if (stripped.location) note('location-removed');
  if (stripped.metadata) note('metadata-removed');
  if (stripped.blob !== file) result.file = new File([stripped.blob], file.name, { type, lastModified: file.lastModified });
}

async function resize(result: PreparedFile, box: ResizeImageOptions, signal: AbortSignal): Promise<void> {
  const before = result.file;
  if (!result.type.startsWith('image/')) return;
  const resized = await resizeImage(before, result.type, box, signal);
  signal.throwIfAborted();
  result.width = resized.toWidth;
  result.height = resized.toHeight;
  if (!resized.blob) return;
  result.changes.push({ kind: 'resized', from: `${resized.width}×${resized.height}`, to: `${resized.toWidth}×${resized.toHeight}` });
  const [from, to] = formatBytePair(before.size, resized.blob.size);
  result.changes.push({ kind: 'reencoded', from, to });
  result.type = resized.type;
  result.file = new File([resized.blob], withExtension(before.name, resized.type), { type: resized.type, lastModified: before.lastModified });
}

/** Runs the app's step; true when it returned a new file. */
async function transform(result: PreparedFile, step: NonNullable<PrepareOptions['transform']>, signal: AbortSignal): Promise<boolean> {
  const before = result.file;
  let output: unknown;
  try {
    // The app's step may ignore its signal (a HEIC library that cannot stop): a cancel does not wait for it, or its
    // file would hold a slot for good. The library's own steps end by themselves and are waited for.
    output = await untilAborted(step(before, { signal }), signal);
  } catch (failure) {
    if (signal.aborted || isUploadError(failure)) throw failure;
    const detail = failure instanceof Error && failure.message ? ` (${failure.message})` : '';
    throw new PrepareStepError(`the app's transform failed${detail}`, { cause: failure });
  }
  if (!(output instanceof Blob)) throw new PrepareStepError("the app's transform returned no file");
  if (output === before) return false;
  // The bytes win: a HEIC converted to JPEG by the app is presigned as image/jpeg even if the Blob says nothing.
  const type = (await sniffMime(output)) ?? (output.type || result.type);
  const name = withExtension(output instanceof File && output.name ? output.name : before.name, type);
  result.file = output instanceof File && output.name === name && output.type === type ? output : new File([output], name, { type });
  result.type = type;
  result.width = undefined;
  result.height = undefined;
  const [from, to] = formatBytePair(before.size, output.size);
  result.changes.push({ kind: 'transformed', from, to });
  return true;
}

function reasonOf(failure: unknown): string {
  if (failure instanceof DamagedFileError) return `the file looks damaged (${failure.message})`;
  if (failure instanceof UnreadableFileError) return 'the file could not be read (was it moved or changed since it was picked?)';
  if (failure instanceof PrepareStepError) return failure.message;
  const detail = failure instanceof Error && failure.message ? ` (${failure.message})` : '';
  return `an unexpected error happened${detail}`;
}
