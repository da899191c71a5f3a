// What the response adapters share: one result type and the sentence for a response that cannot be read.
import { uploadError } from '../errors';
import type { UploadError, UploadTarget } from '../types';

/** A target as a response describes it, before the Content-Type and URL checks in `parsePresignResponse`. */
export type AdapterResult = { ok: true; target: UploadTarget } | { ok: false; error: UploadError };

export type PresignAdapter = (json: unknown) => AdapterResult;

export function invalidResponse(detail: string, cause: unknown): AdapterResult {
  return { ok: false, error: uploadError('presign-invalid-response', `The presign response ${detail}.`, { cause }) };
}

/** A JSON object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
