// eachlabs: `{ presigned_url, public_url, required_headers, expires_at }`; every required header is sent verbatim.
import { readTarget, type Field } from './read';
import type { AdapterResult } from './shared';

const EACHLABS: Field[] = [
  ['presigned_url', 'a string', 'url'],
  ['public_url', 'a string', 'value'],
  ['required_headers?', 'a record', 'headers'],
  ['expires_at?', 'an ISO 8601 date', 'expiresAt'],
];

export function eachlabsAdapter(json: unknown): AdapterResult {
  return readTarget(json, EACHLABS, true);
}
