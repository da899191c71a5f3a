// Whether a file goes through the `preparing` stage (prepareStep.ts, loaded only then) before it is presigned.
import { fileTypeOf } from './accept';
import type { FileRecord } from './reducer';
import type { UploadOptions } from './types';

const STRIPPABLE = /^image\/(jpeg|png|webp)$/;

export function needsPreparation(record: FileRecord, options: UploadOptions): boolean {
  const prepare = options.prepare;
  const kind = fileTypeOf(record.type);
  if (prepare?.transform) return true;
  if (kind !== 'other' && options.constraints?.[kind]) return true;
  if (kind === 'video' && options.constraints?.audio) return true;
  if (kind === 'image' && prepare?.resizeImage) return true;
  return (prepare?.stripMetadata ?? 'location') !== false && STRIPPABLE.test(record.type);
}

