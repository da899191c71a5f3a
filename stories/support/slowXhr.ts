// An XMLHttpRequest stand-in that "uploads" over a set time and then answers 200, without any network.
// msw's service worker cannot show upload progress (xhr.upload fires only loadstart there), so the
// uploading stories inject this through the `createXhr` seam to show a real, moving progress bar.

export interface SlowXhrOptions {
  /** How long the whole upload takes. */
  durationMs: number;
  /** Progress events per second. @default 8 */
  ticksPerSecond?: number;
  /** Stop at this fraction and never finish (for a still screenshot of the uploading state). */
  holdAt?: number;
}

function fire(target: EventTarget, type: string, init?: ProgressEventInit) {
  target.dispatchEvent(new ProgressEvent(type, init));
}

class SlowXhr extends EventTarget {
  readonly upload = new EventTarget();
  readyState = 0;
  status = 0;
  responseText = '';
  withCredentials = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #options: SlowXhrOptions;

  constructor(options: SlowXhrOptions) {
    super();
    this.#options = options;
  }

  open() {
    this.readyState = 1;
  }

  setRequestHeader() {}

  getResponseHeader(name: string) {
    return name.toLowerCase() === 'etag' ? '"slow-xhr"' : null;
  }

  getAllResponseHeaders() {
    return 'etag: "slow-xhr"\r\n';
  }

  send(body: Blob | FormData) {
    const total = body instanceof Blob ? body.size : 1;
    const { durationMs, ticksPerSecond = 8, holdAt } = this.#options;
    const started = performance.now();
    fire(this.upload, 'loadstart', { lengthComputable: true, loaded: 0, total });
    this.#timer = setInterval(() => {
      const fraction = Math.min(1, (performance.now() - started) / durationMs);
      const shown = holdAt === undefined ? fraction : Math.min(fraction, holdAt);
      fire(this.upload, 'progress', { lengthComputable: true, loaded: Math.round(total * shown), total });
      if (shown < 1) return;
      clearInterval(this.#timer);
      fire(this.upload, 'load', { lengthComputable: true, loaded: total, total });
      this.readyState = 4;
      this.status = 200;
      fire(this, 'load');
      fire(this, 'loadend');
    }, 1000 / ticksPerSecond);
  }

  abort() {
    clearInterval(this.#timer);
    this.readyState = 4;
    this.status = 0;
    fire(this, 'abort');
    fire(this, 'loadend');
  }
}

/** A `createXhr` for `useUpload` / `<MediaUploader>`. */
export function slowXhr(options: SlowXhrOptions): () => XMLHttpRequest {
  return () => new SlowXhr(options) as unknown as XMLHttpRequest;
}
