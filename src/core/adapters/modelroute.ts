// modelroute: `{ file_id, upload_url, expires_at }`; the form value is the file id, not a URL.
import { readTarget, type Field } from './read';
import type { AdapterResult } from './shared';

const MODELROUTE: Field[] = [
  ['file_id', 'a string', 'value'],
  ['upload_url', 'a string', 'url'],
  ['expires_at?', 'an ISO 8601 date', 'expiresAt'],
];

export function modelrouteAdapter(json: unknown): AdapterResult {
  return readTarget(json, MODELROUTE, true);
}
