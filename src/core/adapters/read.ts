// Reads a presign response into a target from a table of its fields, one table per documented shape, in place of
// a schema library (zod/mini was 19 kB of the 26 kB bundle for six flat shapes) and of one reader per shape.
// Tables are plain data, so a bundle that never reads a response drops them (a top-level call would stay).
import type { UploadTarget } from '../types';
import { invalidResponse, isObject, type AdapterResult } from './shared';

/** What a field must hold, worded as the "(expected …)" of the message when it does not. */
export type Holds = 'a string' | 'a number' | 'an ISO 8601 date' | 'a record' | 'an object' | 'PUT or POST';

/**
 * One field: its key (dotted for a field inside an object field listed before it; ending in `?` when it may be
 * left out), what it holds, and the target field its value fills.
 */
export type Field = readonly [key: string, holds: Holds, fills?: keyof UploadTarget];

/**
 * The target `fields` describe, read in order so that the first bad field is the one reported: "has no upload URL
 * (expected presigned_url)", "has no public_url", "has an invalid uploadUrl (expected a string)".
 * `nullMeansAbsent`: providers write `"expires_at": null` for "none"; our own handler never writes a null.
 */
export function readTarget(json: unknown, fields: readonly Field[], nullMeansAbsent: boolean): AdapterResult {
  if (!isObject(json)) return invalidResponse('is not a JSON object', json);
  const target: Record<string, unknown> = { method: 'PUT', headers: {}, fields: {}, fileField: 'file' };
  for (const [key, holds, fills] of fields) {
    const path = key.replace('?', '');
    // `data.uploadUrl`: `data` was read (as an object) before it.
    const value = path.split('.').reduce<any>((node, name) => node[name], json);
    if (key !== path && (value === undefined || (value === null && nullMeansAbsent))) continue;
    const problem = readField(value, path, holds, target, fills);
    if (problem) return invalidResponse(problem, json);
  }
  return { ok: true, target: target as unknown as UploadTarget };
}

const isA: Record<Holds, (value: unknown) => boolean> = {
  'a string': (value) => typeof value === 'string',
  // A custom presign function can hand back NaN or Infinity, which no JSON answer holds: neither is a number here.
  'a number': Number.isFinite,
  'an ISO 8601 date': Number.isFinite,
  'an object': isObject,
  // Headers and form fields: a plain `{ name: string }` map (an array or a class instance is not one).
  'a record': (value) => isObject(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value)),
  'PUT or POST': (value) => value === 'PUT' || value === 'POST',
};

/** Puts `value` read as `holds` into `out[fills]`, or returns the sentence that says what is wrong with it. */
function readField(value: unknown, path: string, holds: Holds, out: Record<string, unknown>, fills?: string): string | undefined {
  if (value === undefined || value === null) return fills === 'url' ? `has no upload URL (expected ${path})` : `has no ${path}`;
  // An expiry as epoch ms, from an ISO 8601 string or epoch ms: an unreadable date is invalid, not "never expires".
  let read = holds === 'an ISO 8601 date' && typeof value === 'string' ? Date.parse(value) : value;
  // A method is one of two words, with no one type to name.
  if (!isA[holds](read)) return `has an invalid ${path}${holds === 'PUT or POST' ? '' : ` (expected ${holds})`}`;
  if (holds === 'a record') {
    const record: Record<string, unknown> = {};
    for (const name of Object.keys(value)) {
      const problem = readField((value as Record<string, unknown>)[name], `${path}.${name}`, 'a string', record, name);
      if (problem) return problem;
    }
    read = record;
  }
  if (fills) out[fills] = read;
}
