// Whether a file goes through the `preparing` stage (prepareStep.ts, loaded only then) before it is presigned, and
// whether that preparation is only the removal of metadata, which reads headers as the check does.
import { fileTypeOf } from './accept';
import { loadOnce } from './loadOnce';
import type { FileRecord } from './reducer';
import type { UploadOptions } from './types';

const STRIPPABLE = /^image\/(jpeg|png|webp)$/;

/**
 * Whether a run of this (checked) file starts with the `preparing` stage: some preparation applies to it and `upload`
 * is not already the result of these settings. A file prepared before the app changed them (a constraint added
 * while it waited, `stripMetadata: "all"`) is prepared again from the picked file.
 */
export function needsPreparation(record: FileRecord, options: UploadOptions): boolean {
  // A prepared file came from prepareStep.ts, so that module is loaded: the key is worked out there.
  if (record.prepared !== null) return record.prepared !== prepareStep!.preparationKey(record.sniffed, options);
  return heavyPreparation(record.sniffed, options) || stripsMetadata(record.sniffed, options);
}

/** Work beyond reading headers: the app's transform, a resize, or a constraint that reads dimensions or duration. */
function heavyPreparation(type: string, options: UploadOptions): boolean {
  const prepare = options.prepare;
  const kind = fileTypeOf(type);
  if (prepare?.transform) return true;
  if (kind !== 'other' && options.constraints?.[kind]) return true;
  if (kind === 'video' && options.constraints?.audio) return true;
  return kind === 'image' && prepare?.resizeImage !== undefined;
}

const STRIPPABLE_NAME = /\.(jpe?g|png|webp)$/i;

/** Whether metadata is removed from a file of this type (or, before its bytes are read, of this name). */
const stripsMetadata = (type: string, options: UploadOptions, name = ''): boolean =>
  (options.prepare?.stripMetadata ?? 'location') !== false && (STRIPPABLE.test(type) || STRIPPABLE_NAME.test(name));

/** Where the metadata of JPEG, PNG and WebP files sits: the check reads this much of them, for the walk to start from. */
const HEAD_BYTES = 64 * 1024;

/** How many first bytes the type check reads: enough for the metadata walk too when the file says it will need one. */
export function checkHeadLength(file: File, options: UploadOptions): number | undefined {
  return stripsMetadata(file.type, options, file.name) ? HEAD_BYTES : undefined;
}

/**
 * True when a file of this (sniffed) type needs only its metadata removed: a walk over its headers, about one read
 * like the type check's. That is done with the check, ahead of any upload slot, so a freed slot presigns at once
 * instead of reading the next file first.
 */
export function preparesWithCheck(type: string, options: UploadOptions): boolean {
  return stripsMetadata(type, options) && !heavyPreparation(type, options);
}

/** prepareStep.ts (the `preparing` stage) once loaded, with the first file that needs it. */
let prepareStep: typeof import('./prepareStep') | undefined;
export const loadPrepareStep = loadOnce(() => import('./prepareStep').then((m) => (prepareStep = m)));
