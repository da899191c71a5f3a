// The one place that makes the media error codes. They join UploadErrorCode in ../types.ts with the engine
// rewrite; until then the cast below is the only one (remove it once the union has them).
import { uploadError } from '../errors';
import type { UploadError, UploadErrorCode } from '../types';

export type MediaErrorCode = 'file-invalid-dimensions' | 'file-invalid-duration' | 'prepare-failed';

export function mediaError(code: MediaErrorCode, message: string, extra: { cause?: unknown } = {}): UploadError {
  return uploadError(code as UploadErrorCode, message, extra);
}
