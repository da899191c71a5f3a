// Reads bytes of a file (its first ones for the type check, windows of it for the metadata walk): here on the main
// thread, or in a worker (workerReader.ts) once it has been loaded and has answered once. The worker is an
// accelerator: without it (no Worker, a Content-Security-Policy that does not allow `blob:` workers, its chunk not
// loaded) every read is done here, as before.

export type Reader = (blob: Blob, start: number, end: number) => Promise<ArrayBuffer | null>;

/** Bytes `start` to `end` of a blob read on this thread. */
const readHere: Reader = (blob, start, end) => blob.slice(start, end).arrayBuffer().catch(() => null);

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

/** Bytes `start` to `end` of a blob (fewer when it ends first), or null when it cannot be read. */
export function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array | null> {
  startReader(); // for the reads after this one
  return reader(blob, start, end).then((bytes) => bytes && new Uint8Array(bytes));
}
