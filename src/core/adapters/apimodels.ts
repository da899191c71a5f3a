// apimodels: `{ code, msg, data: { uploadUrl, publicUrl, expiresAt } }`; a non-200 `code` is a failure with its msg.
import { uploadError } from '../errors';
import { readTarget, type Field } from './read';
import type { AdapterResult } from './shared';

const ENVELOPE: Field[] = [
  ['code', 'a number'],
  ['msg?', 'a string'],
];

const DATA: Field[] = [
  ['data', 'an object'],
  ['data.uploadUrl', 'a string', 'url'],
  ['data.publicUrl', 'a string', 'value'],
  ['data.expiresAt?', 'an ISO 8601 date', 'expiresAt'],
];

export function apimodelsAdapter(json: unknown): AdapterResult {
  const envelope = readTarget(json, ENVELOPE, true);
  if (!envelope.ok) return envelope;
  const { code, msg } = json as { code: number; msg?: string | null };
  // apimodels answers errors as `{ code: <HTTP status>, msg }`, sometimes with an HTTP 200 around it.
  if (code !== 200) {
    const message = `The presign request failed with code ${code}${msg ? `: ${msg}` : ''}.`;
    return { ok: false, error: uploadError('presign-failed', message, { status: code, cause: json }) };
  }
  return readTarget(json, DATA, true);
}
