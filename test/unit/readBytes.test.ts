// readBytes.ts and its worker (workerReader.ts) with a stand-in Worker whose answers the test gives: reads go to the
// worker only once it has answered, each answer reaches its own read, and a worker that cannot start or that fails
// hands every read back to the main thread. A real worker in real browsers: test/browser/readBytes.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Message = [id: number, blob: Blob, start: number, end: number];

class StandInWorker {
  static started: StandInWorker[] = [];
  static attempts = 0;
  static refuse = false;
  posted: Message[] = [];
  terminated = false;
  /** postMessage throws (a File that cannot be cloned). */
  refusePosts = false;
  onmessage: ((event: { data: [number, ArrayBuffer | null] }) => void) | null = null;
  onerror: (() => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor(readonly url: string) {
    StandInWorker.attempts++;
    if (StandInWorker.refuse) throw new DOMException('Refused to create a worker', 'SecurityError');
    StandInWorker.started.push(this);
  }
  postMessage(message: Message): void {
    if (this.refusePosts) throw new DOMException('could not be cloned', 'DataCloneError');
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the n-th message as the worker's script does (null: it could not read). */
  async answer(index: number, unreadable = false): Promise<void> {
    const [id, blob, start, end] = this.posted[index]!;
    this.onmessage!({ data: [id, unreadable ? null : await blob.slice(start, end).arrayBuffer()] });
  }
}

const BYTES = Uint8Array.from({ length: 300 }, (_, i) => i % 251);
const file = () => new Blob([BYTES]);

async function load() {
  vi.resetModules();
  return import('../../src/core/readBytes');
}

/** Starts the reader and waits for its worker to be made (workerReader.ts is imported first). */
async function started(reader: Awaited<ReturnType<typeof load>>): Promise<StandInWorker> {
  reader.startReader();
  await vi.waitFor(() => expect(StandInWorker.started).toHaveLength(1));
  return StandInWorker.started[0]!;
}

/** A fresh readBytes.ts whose worker has answered its start-up message: reads go to it. */
async function up(): Promise<{ reader: Awaited<ReturnType<typeof load>>; worker: StandInWorker }> {
  StandInWorker.started = [];
  const reader = await load();
  const worker = await started(reader);
  await worker.answer(0);
  return { reader, worker };
}

beforeEach(() => {
  StandInWorker.started = [];
  StandInWorker.attempts = 0;
  StandInWorker.refuse = false;
  vi.stubGlobal('Worker', StandInWorker);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('readBytes', () => {
  it('reads on the main thread until the worker has answered once, then in the worker', async () => {
    const reader = await load();
    const worker = await started(reader);
    expect(worker.url).toMatch(/^blob:/);
    const slice = vi.spyOn(Blob.prototype, 'slice');
    expect(await reader.readBytes(file(), 0, 4)).toEqual(BYTES.subarray(0, 4));
    expect(slice).toHaveBeenCalledTimes(1);
    expect(worker.posted).toHaveLength(1); // only its start-up message

    await worker.answer(0); // the worker is up
    slice.mockClear();
    const blob = file();
    const pending = reader.readBytes(blob, 0, 64);
    expect(worker.posted[1]).toEqual([0, blob, 0, 64]);
    expect(slice).not.toHaveBeenCalled();
    await worker.answer(1);
    expect(await pending).toEqual(BYTES.subarray(0, 64));
  });

  it('gives each read its own answer when they come back out of order, and null for an unreadable file', async () => {
    const { reader, worker } = await up();
    const first = reader.readBytes(file(), 0, 10);
    const second = reader.readBytes(file(), 100, 103); // a window further on, as the metadata walk reads
    const third = reader.readBytes(file(), 0, 8);
    await worker.answer(2);
    await worker.answer(1);
    await worker.answer(3, true);
    expect(await first).toEqual(BYTES.subarray(0, 10));
    expect(await second).toEqual(BYTES.subarray(100, 103));
    expect(await third).toBeNull();
  });

  it('hands the reads back to the main thread when the worker fails, those it was asked too', async () => {
    const { reader, worker } = await up();
    const pending = reader.readBytes(file(), 0, 16);
    worker.onerror!();
    expect(worker.terminated).toBe(true);
    expect(await pending).toEqual(BYTES.subarray(0, 16));
    expect(await reader.readBytes(file(), 0, 5)).toEqual(BYTES.subarray(0, 5));
    expect(worker.posted).toHaveLength(2); // nothing more was sent to it
  });

  it('leaves the worker at once when it cannot read a message (either side) or a File cannot be posted to it', async () => {
    // It says it could not read a message (its own onmessageerror).
    let { reader, worker } = await up();
    let pending = reader.readBytes(file(), 0, 16);
    worker.onmessage!({ data: [-2, null] });
    expect(worker.terminated).toBe(true);
    expect(await pending).toEqual(BYTES.subarray(0, 16));

    // This side could not read its answer.
    ({ reader, worker } = await up());
    pending = reader.readBytes(file(), 0, 6);
    worker.onmessageerror!();
    expect(worker.terminated).toBe(true);
    expect(await pending).toEqual(BYTES.subarray(0, 6));

    // A File it cannot be sent.
    ({ reader, worker } = await up());
    worker.refusePosts = true;
    expect(await reader.readBytes(file(), 0, 9)).toEqual(BYTES.subarray(0, 9));
    expect(worker.terminated).toBe(true);
  });

  describe('a read it does not answer within 5 s', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
    afterEach(() => vi.useRealTimers());

    it('is read here; a worker that answers the ping it then gets is kept, and its late answer is dropped', async () => {
      const { reader, worker } = await up();
      const slow = reader.readBytes(file(), 0, 12); // a file on a slow network drive
      await vi.advanceTimersByTimeAsync(4_900);
      expect(worker.posted).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(200);
      expect(await slow).toEqual(BYTES.subarray(0, 12));
      expect(worker.posted[2]![0]).toBe(-1); // the ping
      await worker.answer(2);
      await worker.answer(1); // the slow read's own answer, late: nobody waits for it any more
      await vi.advanceTimersByTimeAsync(10_000);
      expect(worker.terminated).toBe(false);
      const next = reader.readBytes(file(), 0, 4);
      expect(worker.posted).toHaveLength(4); // still read in the worker
      await worker.answer(3);
      expect(await next).toEqual(BYTES.subarray(0, 4));
      expect(vi.getTimerCount()).toBe(0); // an answered read leaves no timer behind
    });

    it('is read here, and a second slow read in a row leaves the worker even though it answers pings', async () => {
      const { reader, worker } = await up();
      const first = reader.readBytes(file(), 0, 12);
      await vi.advanceTimersByTimeAsync(5_100);
      expect(await first).toEqual(BYTES.subarray(0, 12));
      await worker.answer(2); // the ping: it is alive
      const second = reader.readBytes(file(), 0, 7);
      await vi.advanceTimersByTimeAsync(5_100);
      expect(await second).toEqual(BYTES.subarray(0, 7));
      expect(worker.terminated).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('is read here, and a worker that does not answer the ping either is left, with every read it still holds', async () => {
      const { reader, worker } = await up();
      const hung = reader.readBytes(file(), 0, 12);
      await vi.advanceTimersByTimeAsync(5_100); // 5.1 s: read here, and a ping sent (its time is up at 10.1 s)
      expect(await hung).toEqual(BYTES.subarray(0, 12));
      expect(worker.terminated).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      const later = reader.readBytes(file(), 0, 5); // 6.1 s: still sent to it, its own 5 s end at 11.1 s
      expect(worker.posted).toHaveLength(4); // start-up, the hung read, the ping, this one
      await vi.advanceTimersByTimeAsync(4_100); // 10.2 s: the ping's time is up
      expect(worker.terminated).toBe(true);
      expect(await later).toEqual(BYTES.subarray(0, 5)); // handed back as it was left
      worker.onmessage!({ data: [-1, null] }); // a late word from it changes nothing
      expect(await reader.readBytes(file(), 0, 3)).toEqual(BYTES.subarray(0, 3));
      expect(worker.posted).toHaveLength(4);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('reads on the main thread where no worker may start (a Content-Security-Policy), and starts one worker at most', async () => {
    StandInWorker.refuse = true;
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const reader = await load();
    reader.startReader();
    await vi.dynamicImportSettled();
    expect(StandInWorker.attempts).toBe(1);
    expect(revoke).toHaveBeenCalledTimes(1); // its blob: URL too
    expect(StandInWorker.started).toHaveLength(0);
    expect(await reader.readBytes(file(), 0, 7)).toEqual(BYTES.subarray(0, 7));
    reader.startReader();
    await vi.dynamicImportSettled();
    expect(StandInWorker.attempts).toBe(1); // not asked again

    StandInWorker.refuse = false;
    const again = await load();
    again.startReader();
    again.startReader();
    await vi.dynamicImportSettled();
    expect(StandInWorker.started).toHaveLength(1);
  });

  it('reads what there is of a file shorter than asked, and answers null for one that cannot be read', async () => {
    vi.unstubAllGlobals(); // no Worker here (Node): always the main thread
    const reader = await load();
    reader.startReader();
    expect(await reader.readBytes(new Blob([BYTES.subarray(0, 10)]), 0, 64)).toEqual(BYTES.subarray(0, 10));
    const broken = new Blob([BYTES]);
    vi.spyOn(broken, 'slice').mockReturnValue(Object.assign(new Blob([]), { arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) }));
    expect(await reader.readBytes(broken, 0, 300)).toBeNull();
  });
});
