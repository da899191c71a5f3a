// Helpers the response adapters share: one result type, a bad field turned into a sentence, the target defaults.
import { uploadError } from '../errors';
import type { UploadError, UploadTarget } from '../types';
import { Invalid } from './read';

/** A target as a response describes it, before the Content-Type and URL checks in `parsePresignResponse`. */
export type AdapterResult = { ok: true; target: UploadTarget } | { ok: false; error: UploadError };

export type PresignAdapter = (json: unknown) => AdapterResult;

type Failure = { ok: false; error: UploadError };

export function invalidResponse(detail: string, cause?: unknown): Failure {
  return {
    ok: false,
    error: uploadError('presign-invalid-response', `The presign response ${detail}.`, cause === undefined ? {} : { cause }),
  };
}

/**
 * Runs an adapter's reading; a bad field becomes a sentence: "has no upload URL (expected presigned_url)",
 * "has no public_url", "has an invalid uploadUrl (expected a string)". `urlKey` names the upload URL's field.
 */
export function adapt(json: unknown, urlKey: string, read: () => AdapterResult): AdapterResult {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return describeInvalid(error, urlKey, json);
  }
}

function describeInvalid({ path, expected }: Invalid, urlKey: string, json: unknown): Failure {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return invalidResponse('is not a JSON object', json);
  if (isMissing(json, path)) return invalidResponse(path === urlKey ? `has no upload URL (expected ${urlKey})` : `has no ${path}`, json);
  const article = expected && /^[aeiouI]/.test(expected) ? 'an' : 'a';
  return invalidResponse(`has an invalid ${path}${expected ? ` (expected ${article} ${expected})` : ''}`, json);
}

function isMissing(json: object, path: string): boolean {
  let node: unknown = json;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return true;
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined || node === null;
}

export function target(partial: Partial<UploadTarget> & { url: string }): UploadTarget {
  return { method: 'PUT', headers: {}, fields: {}, fileField: 'file', ...partial };
}
