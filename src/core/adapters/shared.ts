// Helpers the response adapters share: one result type, zod issues turned into sentences, expiry parsing.
import { uploadError } from '../errors';
import type { UploadError, UploadTarget } from '../types';

/** A target as a response describes it, before the Content-Type and URL checks in `parsePresignResponse`. */
export type AdapterResult = { ok: true; target: UploadTarget } | { ok: false; error: UploadError };

export type PresignAdapter = (json: unknown) => AdapterResult;

export function invalidResponse(detail: string, cause?: unknown): { ok: false; error: UploadError } {
  return {
    ok: false,
    error: uploadError('presign-invalid-response', `The presign response ${detail}.`, cause === undefined ? {} : { cause }),
  };
}

interface Issue {
  code: string;
  path: readonly PropertyKey[];
  expected?: string;
}

/** Turns the first zod issue into words: "has no upload URL (expected presigned_url)", "has an invalid uploadUrl (expected a string)". */
export function describeIssues(issues: readonly Issue[], urlKey: string, json: unknown): { ok: false; error: UploadError } {
  const issue = issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return invalidResponse('is not a JSON object', json);
  }
  if (path === urlKey && isMissing(json, urlKey)) {
    return invalidResponse(`has no upload URL (expected ${urlKey})`, json);
  }
  if (issue && isMissing(json, path)) return invalidResponse(`has no ${path}`, json);
  const expected = issue?.expected ? ` (expected a ${issue.expected})` : '';
  return invalidResponse(`has an invalid ${path || 'value'}${expected}`, json);
}

function isMissing(json: object, path: string): boolean {
  let node: unknown = json;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return true;
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined || node === null;
}

/** ISO 8601 string (or epoch ms) → epoch ms; an unreadable date is an invalid response, not "never expires". */
export function parseExpiry(value: string | number | null | undefined, key: string): number | undefined | UploadError {
  if (value === undefined || value === null) return undefined;
  const at = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(at)) {
    return uploadError('presign-invalid-response', `The presign response has an invalid ${key} (expected an ISO 8601 date).`);
  }
  return at;
}

export function target(partial: Partial<UploadTarget> & { url: string }): UploadTarget {
  return { method: 'PUT', headers: {}, fields: {}, fileField: 'file', ...partial };
}
