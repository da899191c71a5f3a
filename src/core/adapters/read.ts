// A few readers for presign responses, in place of a schema library (zod/mini was 19 kB of the 26 kB bundle for
// six flat shapes). A reader returns the value or throws `Invalid` with the dotted path of the first bad field, and
// the type that was expected there when one type was; `describeInvalid` (shared.ts) turns that into a sentence.
// Adapters build their shapes inside functions: a top-level call stays in every bundle (bundlers cannot tell it is pure).

export class Invalid {
  constructor(
    readonly path: string,
    readonly expected?: string,
  ) {}
}

export type Read<T> = (value: unknown, path: string) => T;

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function check<T>(ok: boolean, value: unknown, path: string, expected?: string): T {
  if (!ok) throw new Invalid(path, expected);
  return value as T;
}

export const string: Read<string> = (value, path) => check(typeof value === 'string', value, path, 'string');

// A custom presign function can hand back NaN or Infinity, which no JSON answer holds: neither is a number here.
export const number: Read<number> = (value, path) => check(Number.isFinite(value), value, path, 'number');

/** Absent (`undefined`) is fine; with `orNull`, so is `null` (providers that write `"expires_at": null`). */
export const optional =
  <T>(read: Read<T>, orNull?: boolean): Read<T | undefined> =>
  (value, path) =>
    value === undefined || (orNull && value === null) ? undefined : read(value, path);

/** One of the listed strings (no single expected type to name). */
export const oneOf =
  <T extends string>(...options: T[]): Read<T> =>
  (value, path) =>
    check(options.includes(value as T), value, path);

/** An expiry as epoch ms, from an ISO 8601 string or epoch ms: an unreadable date is invalid, not "never expires". */
export const expiry: Read<number> = (value, path) => {
  const at = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  return check(Number.isFinite(at), at, path, 'ISO 8601 date');
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A plain `{ name: string }` map (headers, form fields): an array or a class instance is not one. */
export const stringRecord: Read<Record<string, string>> = (value, path) => {
  const proto = isObject(value) ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) throw new Invalid(path, 'record');
  const record: Record<string, string> = {};
  for (const key of Object.keys(value as object)) record[key] = string((value as Record<string, unknown>)[key], join(path, key));
  return record;
};

/** An object with the given fields, read in order (so the first bad field is the one reported); others are ignored. */
export const object =
  <T extends Record<string, unknown>>(shape: { [K in keyof T]: Read<T[K]> }): Read<T> =>
  (value, path) => {
    if (!isObject(value)) throw new Invalid(path, 'object');
    const out = {} as T;
    for (const key in shape) out[key] = shape[key](value[key], join(path, key));
    return out;
  };
