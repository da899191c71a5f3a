// The worker behind readBytes.ts, started once files are on their way to an uploader in a browser (readBytes.ts
// `startReader`). In Chromium each Blob.slice is a synchronous call into the blob registry and each arrayBuffer() a
// load started from the main thread: about 1.3 ms of it per file while uploads run. Here one dedicated worker per page
// does both: the main thread posts the File (a handle, not its bytes) and receives the bytes read, transferred. It is
// kept for the page's life (an idle thread). Where it cannot start (no Worker, a Content-Security-Policy that does not
// allow `blob:` workers, Trusted Types), nothing changes: reads stay on the main thread.
import { setReader, type Reader } from './readBytes';

// [id, blob, end] in, [id, bytes or null] out; a message it cannot read makes it say so ([-2]), and then it is left.
const SOURCE =
  'onmessage=async({data:[i,b,e]})=>{let a=null;try{a=await b.slice(0,e).arrayBuffer()}catch{}postMessage([i,a],a?[a]:[])};onmessageerror=()=>postMessage([-2])';
/** A read the worker has not answered in this long is done on the main thread, and the worker is left for good. */
const READ_TIMEOUT_MS = 5000;

let started = false;
const waiting = new Map<number, [blob: Blob, end: number, resolve: (bytes: ReturnType<Reader> | ArrayBuffer | null) => void]>();
let ids = 0;

/** Starts the worker, once per page. */
export function startWorker(): void {
  if (started) return;
  started = true;
  let worker: Worker;
  let url = '';
  try {
    url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
  } catch {
    return; // a policy refused it, or there is no Worker here
  } finally {
    if (url) URL.revokeObjectURL(url); // the constructor has resolved it
  }
  let left = false;
  // It could not start, stopped, or could not read a message: reads are done here from now on, those it was asked too.
  const leave = () => {
    left = true;
    worker.terminate();
    const here = setReader();
    for (const [blob, end, resolve] of waiting.values()) resolve(here(blob, end));
    waiting.clear();
  };
  const read: Reader = (blob, end) =>
    new Promise((resolve) => {
      const id = ids++;
      waiting.set(id, [blob, end, resolve]);
      setTimeout(() => waiting.has(id) && leave(), READ_TIMEOUT_MS);
      try {
        worker.postMessage([id, blob, end]);
      } catch {
        leave();
      }
    });
  // Its first answer (to the message below) says it is up: reads go to it from then on.
  worker.onmessage = ({ data: [id, bytes] }: MessageEvent<[number, ArrayBuffer | null]>) => {
    if (left) return;
    if (id === -1) return setReader(read);
    if (id === -2) return leave();
    waiting.get(id)?.[2](bytes);
    waiting.delete(id);
  };
  worker.onerror = worker.onmessageerror = leave;
  worker.postMessage([-1, new Blob(), 0]);
}
