// Test seams for the core: a controllable XMLHttpRequest, media files built from magic bytes, and a
// way to let the uploader's promises and timers run under fake timers.
import { afterEach, beforeEach, vi } from 'vitest';
import { createUploader, type UploaderInternals } from '../../src/core/createUploader';
import type { NativePresignResponse, PresignRequest, UploadOptions } from '../../src/core/types';

type Listener = (event: Event) => void;

/** Counts listeners so tests can prove every one added is removed (by removeEventListener or by its signal). */
class CountingTarget extends EventTarget {
  private added = new Set<string>();
  private ids = new WeakMap<Listener, number>();
  private nextId = 0;
  get listenerCount(): number {
    return this.added.size;
  }
  private key(type: string, listener: Listener): string {
    if (!this.ids.has(listener)) this.ids.set(listener, ++this.nextId);
    return `${type}#${this.ids.get(listener)}`;
  }
  override addEventListener(type: string, listener: Listener, options?: AddEventListenerOptions | boolean): void {
    const signal = typeof options === 'object' ? options.signal : undefined;
    if (signal?.aborted) return;
    const key = this.key(type, listener);
    this.added.add(key);
    signal?.addEventListener('abort', () => this.added.delete(key), { once: true });
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(type: string, listener: Listener, options?: EventListenerOptions | boolean): void {
    this.added.delete(this.key(type, listener));
    super.removeEventListener(type, listener, options);
  }
}

export class FakeXhr extends CountingTarget {
  static all: FakeXhr[] = [];
  upload = new CountingTarget();
  method = '';
  url = '';
  requestHeaders: Record<string, string> = {};
  body: unknown = undefined;
  withCredentials = true;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  state: 'new' | 'open' | 'sent' | 'done' | 'aborted' = 'new';

  constructor() {
    super();
    FakeXhr.all.push(this);
  }
  static get open(): FakeXhr[] {
    return FakeXhr.all.filter((x) => x.state === 'sent');
  }
  static last(): FakeXhr {
    const xhr = FakeXhr.all.at(-1);
    if (!xhr) throw new Error('no XHR was made');
    return xhr;
  }
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.state = 'open';
  }
  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name] = value;
  }
  send(body: unknown): void {
    this.body = body;
    this.state = 'sent';
  }
  abort(): void {
    if (this.state !== 'sent') return;
    this.state = 'aborted';
    this.dispatchEvent(new Event('abort'));
  }
  getResponseHeader(name: string): string | null {
    const key = Object.keys(this.responseHeaders).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? this.responseHeaders[key]! : null;
  }
  progress(loaded: number, total: number): void {
    this.upload.dispatchEvent(Object.assign(new Event('progress'), { loaded, total, lengthComputable: true }));
  }
  respond(status: number, body = '', headers: Record<string, string> = {}): void {
    this.status = status;
    this.responseText = body;
    this.responseHeaders = headers;
    this.state = 'done';
    this.dispatchEvent(new Event('load'));
  }
  fail(): void {
    this.status = 0;
    this.state = 'done';
    this.dispatchEvent(new Event('error'));
  }
}

/**
 * Magic bytes for each format the sniffer knows. PNG and JPEG are whole, minimal headers (the zeros after them are
 * data past IEND / entropy-coded data), because preparation walks their structure to remove location data.
 */
export const MAGIC: Record<string, number[]> = {
  // Signature, IHDR (1×1 RGBA), IEND.
  png: [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137,
    0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82,
  ],
  // SOI, APP0 JFIF, SOS: what follows is scan data.
  jpeg: [
    0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0,
  ],
  gif: [...'GIF89a'].map((c) => c.charCodeAt(0)),
  webp: riff('WEBP'),
  wav: riff('WAVE'),
  avif: ftyp('avif'),
  heic: ftyp('heic'),
  heix: ftyp('heix'),
  mif1: ftyp('mif1'),
  mp4: ftyp('isom'),
  mp42: ftyp('mp42'),
  mov: ftyp('qt  '),
  m4a: ftyp('M4A '),
  webm: [0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, ...[...'webm'].map((c) => c.charCodeAt(0))],
  mp3id3: [...'ID3'].map((c) => c.charCodeAt(0)).concat([3, 0, 0]),
  mp3sync: [0xff, 0xfb, 0x90, 0x64],
  ogg: [...'OggS'].map((c) => c.charCodeAt(0)).concat([0, 2]),
  flac: [...'fLaC'].map((c) => c.charCodeAt(0)),
};

function riff(form: string): number[] {
  return [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0x24, 0, 0, 0], [...form].map((c) => c.charCodeAt(0)));
}
function ftyp(brand: string): number[] {
  return [0, 0, 0, 0x20, ...[...'ftyp'].map((c) => c.charCodeAt(0)), ...[...brand].map((c) => c.charCodeAt(0)), 0, 0, 0, 0];
}

/** A File whose first bytes are `head`, padded with zeros to `size` (large sizes share one buffer). */
export function mediaFile(name: string, type: string, head: number[] = MAGIC.png!, size = 1024): File {
  const first = new Uint8Array(Math.min(size, Math.max(head.length, 64)));
  first.set(head.slice(0, first.length));
  const parts: BlobPart[] = [first];
  let rest = size - first.length;
  const mb = new Blob([new Uint8Array(1024 * 1024)]);
  while (rest >= mb.size) {
    parts.push(mb);
    rest -= mb.size;
  }
  if (rest > 0) parts.push(new Uint8Array(rest));
  return new File(parts, name, { type });
}

export const png = (name = 'photo.png', size = 1000) => mediaFile(name, 'image/png', MAGIC.png, size);
/** A canvas mask or a webcam snapshot: PNG bytes, no name (uploadInput presigns it as upload.png). */
export const namelessPng = (size: number) => new Blob([mediaFile('', 'image/png', MAGIC.png, size)], { type: 'image/png' });

export function nativeTarget(overrides: Partial<NativePresignResponse> = {}): NativePresignResponse {
  return {
    uploadUrl: 'https://bucket.s3.amazonaws.com/uploads/abc?X-Amz-Signature=x',
    publicUrl: 'https://cdn.example.com/uploads/abc.png',
    ...overrides,
  };
}

/**
 * Lets promises, fake timers at 0 ms and Blob reads settle until `predicate` holds. Bounded by real time, not by a
 * count of turns: the first preparation of a run imports its module, which takes real milliseconds.
 */
export async function until(predicate: () => boolean, what = 'condition'): Promise<void> {
  // Real time (the fake clock fakes performance.now too).
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < 5_000_000_000n) {
    if (predicate()) return;
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0);
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * `until`, the fake clock moving on 100 ms at each look: a last attempt's failure with no answer (a network error, a
 * stall) ends the file only once its moment to hear an `offline` event has passed (driveUpload OFFLINE_EVENT_WAIT_MS).
 */
export function untilPastOfflineWait(predicate: () => boolean, what?: string): Promise<void> {
  return until(() => (vi.advanceTimersByTime(100), predicate()), what);
}

/** Every test of the file starts with no XHR made and on the fake clock, and ends on real timers. */
export function useUploaderTestClock(): void {
  beforeEach(() => {
    FakeXhr.all = [];
    useFakeClock();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

export function useFakeClock(): void {
  // setImmediate stays real: `until` uses it to let Blob reads (real async I/O in Node) finish. performance.now is
  // faked with the timers: the notifier's pacer (frames.ts) measures a notification's cost with it, and on the real
  // clock a stall of the machine under load (over 4 ms) made it rest on fake timers, holding notifications back.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
}

/** An uploader over FakeXhr with a presign function that answers `nativeTarget()` unless told otherwise. */
export function setup(options: Partial<UploadOptions & UploaderInternals> = {}, presignAnswer: (req: PresignRequest) => unknown = () => nativeTarget()) {
  const presign = vi.fn(async (req: PresignRequest, _ctx: { signal: AbortSignal }) => presignAnswer(req));
  const onUploaded = vi.fn();
  const onError = vi.fn();
  const uploader = createUploader({
    presign,
    onUploaded,
    onError,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    ...options,
  });
  const changes = vi.fn();
  uploader.subscribe(changes);
  const file = (i = 0) => uploader.getSnapshot().files[i]!;
  return { uploader, presign, onUploaded, onError, changes, file };
}

/**
 * uploadInput's tests: a FakeXhr per request and a presign whose public URL ends with the file's name, both cleared
 * after each test (FakeXhr.all, the spies).
 */
export function uploadInputSeams() {
  afterEach(() => {
    vi.restoreAllMocks();
    FakeXhr.all = [];
  });
  return {
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    presign: () => vi.fn(async (req: PresignRequest) => nativeTarget({ publicUrl: `https://cdn.example.com/${req.filename}` })),
  };
}
