// Uploads every File/Blob in a prediction input (any depth) and returns a copy with each replaced by its value
// (public URL or file id). Built on the public createUploader: the same checks, preparation, retries and errors.
import { callApp } from './callApp';
import { createUploader } from './createUploader';
import { uploadError } from './errors';
import { resolveMime, sniffMime } from './sniff';
import type { UploadError, UploadFile, UploadOptions } from './types';

export interface UploadInputOptions extends UploadOptions {
  /**
   * Progress over every file of the input, for one progress bar. `total` is the size of the input's files as given
   * (each distinct File/Blob once) and never changes; `loaded` is the part of it uploaded, each file counted by the
   * share of it (as prepared, as sent) that storage has received. `loaded` never decreases (a retry that sends a file
   * again is counted from where it got before), never exceeds `total`, and ends equal to it.
   */
  onProgress?: (progress: { loaded: number; total: number }) => void;
  /** Only `false` limits: an input holding more than one File/Blob rejects with `too-many-files`, before any upload. */
  multiple?: boolean;
  /** Most Files/Blobs an input may hold (each distinct one once); more rejects with `too-many-files`, before any upload. */
  maxFiles?: number;
  /** Aborting cancels every upload; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

type Method = (...args: never[]) => unknown;

/**
 * `T` with every File/Blob replaced by the string value it was uploaded as (a FileList's by an array of them). An
 * object that holds a file comes back as JSON sends it, a copy of its own fields: a class instance's methods are not
 * in it (TypeScript cannot tell a getter from a field, so a class's getters still show). One that holds none is
 * kept as it is.
 */
export type Replaced<T> = T extends Blob
  ? string
  : T extends FileList
    ? string[]
    : T extends Date | RegExp | Map<unknown, unknown> | Set<unknown> | Method
    ? T
    : T extends readonly unknown[]
      ? { [K in keyof T]: Replaced<T[K]> }
      : T extends object
        ? [T] extends [Fields<T>] ? T : Fields<T>
        : T;

/** An object's data fields with each file replaced; its methods dropped. `T` fits it only if it holds no file. */
type Fields<T> = { [K in keyof T as IsMethod<T[K]> extends true ? never : K]: Replaced<T[K]> };
/** An optional method too; a field typed null or undefined is data. */
type IsMethod<V> = [NonNullable<V>] extends [never] ? false : NonNullable<V> extends Method ? true : false;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * An array's items, or a FileList's (an input's `files`, a drop's `dataTransfer.files`): read as the array of Files it
 * holds. Left as it was, a FileList was neither uploaded nor refused, and went to the model as `{"0":{}}`.
 */
const itemsOf = (value: unknown): unknown[] | undefined =>
  Array.isArray(value) ? value : typeof FileList !== 'undefined' && value instanceof FileList ? [...value] : undefined;

/** One walk of the input: its Blobs (each once, in the order a reader meets them) and where each sits in the copy. */
interface Walk {
  blobs: Blob[];
  /** Where each of `blobs` was first met in the input (`mask`, `images[2]`), for the errors of a nameless one. */
  paths: string[];
  slots: [copy: Record<string, unknown> | unknown[], key: string | number, blob: Blob][];
  seen: Set<object>;
}

/**
 * Writes the copy of `item` as `container[key]`; a Blob stays there until its value replaces it (`slots`). Each
 * property is read once (a getter that makes a new Blob per read was left undefined), and defined rather than assigned:
 * `copy['__proto__'] = …` (a key JSON.parse makes) set the copy's prototype and the key left the JSON.
 */
function place(container: Record<string, unknown> | unknown[], key: string | number, item: unknown, walk: Walk, path: string): void {
  if (item instanceof Blob) {
    if (!walk.blobs.includes(item)) walk.blobs.push(item), walk.paths.push(path);
    walk.slots.push([container, key, item]);
  }
  Object.defineProperty(container, key, { value: copyOf(item, walk, path), writable: true, enumerable: true, configurable: true });
}

/** The path of a property as a developer writes it: `mask`, `steps[0].mask`, `["reference image"]`. */
const pathTo = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

function copyOf(value: unknown, walk: Walk, path: string): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Blob) return value;
  const items = itemsOf(value);
  const plain = isPlainObject(value);
  // What JSON.stringify reads by its toJSON (a Date, a URL, a date library's object) or as bytes is kept as it is.
  if (!items && !plain && (typeof (value as { toJSON?: unknown }).toJSON === 'function' || ArrayBuffer.isView(value))) return value;
  if (walk.seen.has(value)) throw new TypeError('uploadInput: the input contains a cycle; a prediction input must be JSON-like.');
  walk.seen.add(value);
  const holds = value instanceof Map || value instanceof Set;
  const before = walk.slots.length;
  const copy: Record<string, unknown> | unknown[] = items || holds ? [] : Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const [key, item] of items ? items.entries() : holds ? [...value].entries() : Object.entries(value)) place(copy, key, item, walk, pathTo(path, key));
  walk.seen.delete(value);
  if (items || plain) return copy;
  if (walk.slots.length === before) return value; // a class instance, a Map or a Set holding no file: kept as it is
  // A file there was left in place, not uploaded, and went to the model as {}.
  if (holds) throw new TypeError('uploadInput: a File or Blob inside a Map or Set cannot be replaced by its value (JSON sends a Map or Set as {}); use an object or an array.');
  return copy; // a class instance holding a file: sent as JSON sends it, its own fields, each file replaced
}

/**
 * A canvas mask or a webcam snapshot has no name (nor has a File named ''): it is sent as `upload.<ext>`, the extension from its type or bytes.
 * The extension table loads with the media code (createUploader and MediaUploader alone do not need it up front).
 */
async function asFile(blob: Blob): Promise<File> {
  if (blob instanceof File && blob.name) return blob;
  // The bytes win, as for the type presigned (validate.ts): `fetch(…).blob()` from many servers says
  // application/octet-stream (upload.png, not upload.bin), and a JPEG typed image/png was named upload.png.
  const type = resolveMime(blob.type, await sniffMime(blob));
  // A chunk that cannot load leaves the name `upload.bin`, not a rejection that is no UploadError.
  const extension = (await import('./media/extensions').catch(() => null))?.extensionFor(type);
  return new File([blob], `upload${extension || '.bin'}`, { type });
}

/**
 * Replaces every File/Blob in a prediction input by its uploaded value; the input is left untouched. Rejects with
 * the first UploadError after canceling the other uploads (a nameless Blob's names its place in the input, `mask` or
 * `images[2]`), with `too-many-files` before any upload for more files than `maxFiles` or `multiple: false` allow,
 * with `signal.reason` when aborted, and at once with a TypeError for an input JSON cannot carry (a cycle, a file in
 * a Map or Set) or options without `presign`.
 */
export async function uploadInput<T>(input: T, options: UploadInputOptions): Promise<Replaced<T>> {
  // Programmer misuse, said as such: without it every file was presigned by POSTing to "undefined" (a 404 in a page;
  // in Node, "could not be reached" after three retries).
  if (!options?.presign) {
    throw new TypeError('uploadInput: options.presign is required (the URL of your presign endpoint, or a function that returns a presign response).');
  }
  const { onProgress, signal } = options;
  // Field state belongs to a widget, not to one call: an options object shared with a <MediaUploader> must not
  // bring its value, its onChange or a `disabled` that would leave this promise waiting forever.
  const uploaderOptions: Record<string, unknown> = { ...options };
  for (const key of ['onProgress', 'signal', 'disabled', 'value', 'defaultValue', 'onChange', 'required']) delete uploaderOptions[key];
  signal?.throwIfAborted();
  const walk: Walk = { blobs: [], paths: [], slots: [], seen: new Set() };
  const root: unknown[] = [];
  place(root, 0, input, walk, '');
  const { blobs, paths, slots } = walk;
  if (blobs.length === 0) return root[0] as Replaced<T>;
  // A nameless Blob is presigned as upload.<ext>, a name no one picked: its sentences name its place in the input
  // (`mask`, `images[2]`) instead; a named File keeps its name, as in the widget's rows.
  const placeOf = (i: number) => (blobs[i] instanceof File && blobs[i].name ? undefined : paths[i] || undefined);
  // `mask is 20 MB; …`, also under the name a preparation gave it (upload.png resized to upload.jpg).
  const named = (error: UploadError, i: number): UploadError => {
    const place = placeOf(i);
    return place ? { ...error, message: error.message.replace(/\bupload\.\w+/g, () => place) } : error;
  };
  // The input is one batch: `multiple: false` and maxFiles limit what it holds, as the widget limits what it lists.
  const max = options.multiple === false ? 1 : options.maxFiles;
  if (max !== undefined && blobs.length > max) {
    const count = blobs.length === 1 ? '1 file' : `${blobs.length} files`;
    const first = placeOf(max) || (blobs[max] as File).name || 'upload';
    throw uploadError('too-many-files', `${first} was not uploaded: the input holds ${count} and at most ${max} can be uploaded.`);
  }
  const files = await Promise.all(blobs.map(asFile));
  signal?.throwIfAborted();
  const { onError } = options;
  if (onError) uploaderOptions.onError = (error: UploadError, file: UploadFile) => onError(named(error, files.indexOf(file.file)), file);
  const uploader = createUploader({ ...(uploaderOptions as unknown as UploadOptions), multiple: true, maxFiles: undefined });
  return new Promise<Replaced<T>>((resolve, reject) => {
    let last = -1;
    let settled = false;
    // Each file's share of `total` uploaded so far (its size as given, times the part of it storage has received):
    // kept at its highest, so a retry that starts the file again does not move the bar back.
    const sent = files.map(() => 0);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    const finish = (outcome: { values: string[] } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      // Cancel what still runs before destroy, so storage sees aborted requests rather than orphans.
      for (const file of uploader.getSnapshot().files) uploader.cancel(file.id);
      uploader.destroy();
      if ('error' in outcome) return reject(outcome.error);
      const values = new Map(blobs.map((blob, i) => [blob, outcome.values[i]!]));
      for (const [copy, key, blob] of slots) (copy as Record<string, unknown>)[key] = values.get(blob);
      resolve(root[0] as Replaced<T>);
    };
    const onAbort = () => finish({ error: signal!.reason });
    const onChange = () => {
      const entries = uploader.getSnapshot().files;
      const i = entries.findIndex((f) => f.status === 'error' || f.status === 'canceled');
      if (i >= 0) {
        const { error, name } = entries[i]!;
        return finish({ error: error ? named(error, i) : canceledError(placeOf(i) ?? name) });
      }
      let loaded = 0;
      entries.forEach((f, i) => {
        const share = f.status === 'done' ? 1 : f.status === 'uploading' && f.total > 0 ? Math.min(1, f.loaded / f.total) : 0;
        loaded += sent[i] = Math.max(sent[i]!, Math.floor(files[i]!.size * share));
      });
      if (onProgress && loaded !== last && entries.length === files.length) {
        last = loaded;
        // An onProgress that throws must not skip the end below: nothing would settle this promise.
        callApp(() => onProgress({ loaded, total }));
      }
      if (entries.length === files.length && entries.every((f) => f.status === 'done')) {
        finish({ values: entries.map((f) => f.value!) });
      }
    };
    const unsubscribe = uploader.subscribe(onChange);
    signal?.addEventListener('abort', onAbort, { once: true });
    uploader.upload(files).then(onChange, (failure: unknown) => finish({ error: failure }));
  });
}

/** Only `finish` cancels, after settling; a file canceled before that was not this function's doing. */
function canceledError(name: string): UploadError | DOMException {
  return new DOMException(`The upload of ${name} was canceled.`, 'AbortError');
}
