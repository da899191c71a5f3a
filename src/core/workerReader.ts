// The worker behind readBytes.ts, started once an uploader is made in a browser.
// In Chromium each Blob.slice is a synchronous call into the blob registry and each arrayBuffer() a load started from
// the main thread: about 1.3 ms of it per file while uploads run. Here one dedicated worker per page does both: the
// main thread posts the File (a handle, not its bytes) and receives the bytes read, transferred. It is kept for the
// page's life (an idle thread). Where it cannot start (no Worker, a Content-Security-Policy without `worker-src blob:`,
// Trusted Types), nothing changes: reads stay on the main thread.
import { setReader, type Reader } from './readBytes';

// [id, blob, end] in, [id, bytes or null] out.
const SOURCE =
  'onmessage=async({data:[i,b,e]})=>{let a=null;try{a=await b.slice(0,e).arrayBuffer()}catch{}postMessage([i,a],a?[a]:[])}';

let started = false;
const waiting = new Map<number, [blob: Blob, end: number, resolve: (bytes: ReturnType<Reader> | ArrayBuffer | null) => void]>();
let ids = 0;

/** Starts the worker, once per page. */
export function startWorker(): void {
  if (started) return;
  started = true;
  let worker: Worker;
  try {
    const url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
    URL.revokeObjectURL(url); // the constructor has resolved it
  } catch {
    return;
  }
  const read: Reader = (blob, end) =>
    new Promise((resolve) => {
      waiting.set(ids, [blob, end, resolve]);
      worker.postMessage([ids++, blob, end]);
    });
  // Its first answer (to the message below) says it is up: reads go to it from then on.
  worker.onmessage = ({ data: [id, bytes] }: MessageEvent<[number, ArrayBuffer | null]>) => {
    if (id < 0) return setReader(read);
    waiting.get(id)?.[2](bytes);
    waiting.delete(id);
  };
  // It could not start (a policy refused it) or it stopped: reads are done here again, those it was asked too.
  worker.onerror = () => {
    worker.terminate();
    const here = setReader();
    for (const [blob, end, resolve] of waiting.values()) resolve(here(blob, end));
    waiting.clear();
  };
  worker.postMessage([-1, new Blob(), 0]);
}
