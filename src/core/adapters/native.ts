// The native shape, what our server entry's handlers answer: `{ uploadUrl, method?, headers?, fields?, ... }`.
import type { NativePresignResponse } from '../types';
import { readTarget, type Field } from './read';
import type { AdapterResult } from './shared';

const NATIVE: Field[] = [
  ['uploadUrl', 'a string', 'url'],
  ['method?', 'PUT or POST', 'method'],
  ['headers?', 'a record', 'headers'],
  ['fields?', 'a record', 'fields'],
  ['fileField?', 'a string', 'fileField'],
  ['publicUrl?', 'a string'],
  ['fileId?', 'a string'],
  ['expiresAt?', 'an ISO 8601 date', 'expiresAt'],
];

export function nativeAdapter(json: unknown): AdapterResult {
  const result = readTarget(json, NATIVE, false);
  if (result.ok) {
    const { publicUrl, fileId } = json as NativePresignResponse;
    // The form value: publicUrl, else fileId, else read from the upload's response (DESIGN.md table).
    if (publicUrl || fileId) result.target.value = publicUrl || fileId;
  }
  return result;
}
