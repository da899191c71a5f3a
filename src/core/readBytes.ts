// Reads a file's first bytes: here on the main thread, or in a worker (workerReader.ts) once an uploader in a browser
// has loaded and started it. The worker is an accelerator, loaded after the uploader is made and used only after it
// has answered once: without it (no Worker, a Content-Security-Policy without `worker-src blob:`, its chunk not
// loaded) every read is done here, as before.

export type Reader = (blob: Blob, end: number) => Promise<ArrayBuffer | null>;

/** The first `end` bytes of a blob read on this thread; a blob that short is read whole (no slice to register). */
const readHere: Reader = (blob, end) => (end < blob.size ? blob.slice(0, end) : blob).arrayBuffer().catch(() => null);

let reader = readHere;

/** Where reads go from now on: the worker once it has answered, this thread again (the default) if it fails. */
export const setReader = (next = readHere): Reader => (reader = next);

/**
 * Starts the page's one worker (workerReader.ts, loaded now): an uploader made in a browser calls this, so that the
 * worker is up before the first drop. Its chunk failing to load changes nothing.
 */
export const startReader = (): void => {
  import('./workerReader').then((m) => m.startWorker(), () => {});
};

/** The first `end` bytes of a blob (all of it when shorter), or null when it cannot be read. */
export const readBytes = (blob: Blob, end: number): Promise<Uint8Array | null> =>
  reader(blob, end).then((bytes) => bytes && new Uint8Array(bytes));
