// The worker behind readBytes.ts, started once files are on their way to an uploader in a browser (readBytes.ts
// `startReader`). In Chromium each Blob.slice is a synchronous call into the blob registry and each arrayBuffer() a
// load started from the main thread: about 1.3 ms of it per file while uploads run. Here one dedicated worker per page
// does both: the main thread posts the File (a handle, not its bytes) and receives the bytes read, transferred. It is
// kept for the page's life (an idle thread). Where it cannot start (no Worker, a Content-Security-Policy that does not
// allow `blob:` workers, Trusted Types), nothing changes: reads stay on the main thread.
import { setReader, type Reader } from './readBytes';

// [id, blob, start, end] in, [id, bytes or null] out; a message it cannot read makes it say so ([-2]), and then it
// is left.
const SOURCE =
  'onmessage=async({data:[i,b,s,e]})=>{let a=null;try{a=await b.slice(s,e).arrayBuffer()}catch{}postMessage([i,a],a?[a]:[])};onmessageerror=()=>postMessage([-2])';
/** A read the worker has not answered in this long is done on the main thread (see `slow`). */
const READ_TIMEOUT_MS = 5000;

const waiting = new Map<number, [blob: Blob, start: number, end: number, resolve: (bytes: ReturnType<Reader> | ArrayBuffer | null) => void, timer: ReturnType<typeof setTimeout>]>();
let ids = 0;

/** Starts the worker (readBytes.ts `startReader` calls this once per page). */
export function startWorker(): void {
  // Storage's failure sentences are loaded now too, at the first sign of files, while the network is up: transport.ts
  // imports them when a request fails, and a network error is the moment their first load would fail (a browser keeps
  // a failed module load until the page reloads: every later refusal would lose its words and its Retry-After).
  import('./storageError').catch(() => {});
  // Reads are done here until the worker has answered (they already are: this only returns how).
  const readHere = setReader();
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
  /** While a ping is unanswered: the worker is left when this fires. */
  let unanswered: ReturnType<typeof setTimeout> | undefined;
  /** Reads unanswered in time since the last one answered. */
  let slowInARow = 0;
  /** A read is done on the main thread after all. */
  const handBack = (id: number) => {
    const [blob, start, end, resolve, timer] = waiting.get(id)!;
    clearTimeout(timer);
    waiting.delete(id);
    resolve(readHere(blob, start, end));
  };
  // It could not start, stopped, or could not read a message: reads are done here from now on, those it was asked too.
  const leave = () => {
    left = true;
    clearTimeout(unanswered);
    worker.terminate();
    setReader();
    for (const id of [...waiting.keys()]) handBack(id);
  };
  // Its answer ([-1]) says it is up (the first time) or alive (after a slow read).
  const ping = () => worker.postMessage([-1, new Blob(), 0, 0]);
  // A read unanswered for 5 s (a file on a slow network drive, or a worker that stopped) is done here; the worker is
  // left if it does not answer a ping in as long either (its reads do not hold its messages back), or if the next read
  // is as slow: a worker that answers pings but not reads would cost every file 5 s.
  const slow = (id: number) => {
    handBack(id);
    if (++slowInARow > 1) return leave();
    if (unanswered !== undefined) return;
    unanswered = setTimeout(leave, READ_TIMEOUT_MS);
    ping();
  };
  const read: Reader = (blob, start, end) =>
    new Promise((resolve) => {
      const id = ids++;
      waiting.set(id, [blob, start, end, resolve, setTimeout(slow, READ_TIMEOUT_MS, id)]);
      try {
        worker.postMessage([id, blob, start, end]);
      } catch {
        leave();
      }
    });
  // Its first answer says it is up: reads go to it from then on.
  worker.onmessage = ({ data: [id, bytes] }: MessageEvent<[number, ArrayBuffer | null]>) => {
    if (left) return;
    if (id === -2) return leave();
    if (id === -1) {
      clearTimeout(unanswered);
      unanswered = undefined;
      return setReader(read);
    }
    const entry = waiting.get(id);
    if (!entry) return; // handed back already
    slowInARow = 0;
    clearTimeout(entry[4]);
    waiting.delete(id);
    entry[3](bytes);
  };
  worker.onerror = worker.onmessageerror = leave;
  ping();
}
