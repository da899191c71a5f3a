// Reads a file's first bytes: here on the main thread, or in a worker (workerReader.ts) once it has been loaded and
// has answered once. The worker is an accelerator: without it (no Worker, a Content-Security-Policy that does not allow
// `blob:` workers, its chunk not loaded) every read is done here, as before.

export type Reader = (blob: Blob, end: number) => Promise<ArrayBuffer | null>;

/** The first `end` bytes of a blob read on this thread; a blob that short is read whole (no slice to register). */
const readHere: Reader = (blob, end) => (end < blob.size ? blob.slice(0, end) : blob).arrayBuffer().catch(() => null);

let reader = readHere;

/** Where reads go from now on: the worker once it has answered, this thread again (the default) if it fails. */
export const setReader = (next = readHere): Reader => (reader = next);

let started = false;

/**
 * Loads and starts the page's one worker (workerReader.ts), on the first sign that files are coming: files dragged
 * over the page or the file picker opened (useDropTarget.ts), else the first read. Once: a chunk that cannot load is
 * not asked for again, and reads stay here.
 */
export function startReader(): void {
  if (started) return;
  started = true;
  import('./workerReader').then((m) => m.startWorker(), () => {});
}

/** The first `end` bytes of a blob (all of it when shorter), or null when it cannot be read. */
export function readBytes(blob: Blob, end: number): Promise<Uint8Array | null> {
  startReader(); // for the files after this one
  return reader(blob, end).then((bytes) => bytes && new Uint8Array(bytes));
}
