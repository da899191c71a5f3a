// Uploads the page plays out itself, for bars that hold at 10, 50 or 90%: msw's service worker never fires
// xhr.upload progress (only loadstart). Only requests to SLOW_STORAGE are simulated; every other request is the
// browser's own XMLHttpRequest, through msw as usual. Installed per story (beforeEach), removed after it.
import type { PresignFunction } from '../../src/index';
import { presignTo } from './storage';

export const SLOW_STORAGE = 'https://slow-storage.example.com';

export interface SlowUpload {
  /** How long the whole upload takes. @default 2000 */
  durationMs?: number;
  /** Stop at this fraction (0..1) and never finish: the bar holds there, ticking, so it never stalls. */
  holdAt?: number;
}

/** A presign function whose targets upload to the slow storage, as `upload` says. */
export function presignSlow(upload: SlowUpload = {}): PresignFunction {
  const query = new URLSearchParams({ ms: String(upload.durationMs ?? 2000) });
  if (upload.holdAt !== undefined) query.set('hold', String(upload.holdAt));
  return presignTo(SLOW_STORAGE, query);
}

const TICKS_PER_SECOND = 8;

function fire(target: EventTarget, type: string, init?: ProgressEventInit) {
  target.dispatchEvent(new ProgressEvent(type, init));
}

/** Swaps `window.XMLHttpRequest` for one that simulates SLOW_STORAGE uploads; returns the undo. */
export function installSlowStorage(): () => void {
  const Native = window.XMLHttpRequest;

  class SlowStorageXhr extends Native {
    #simulated: { durationMs: number; holdAt: number | undefined } | null = null;
    #timer: ReturnType<typeof setInterval> | undefined;
    #state = { readyState: 0, status: 0 };

    override open(method: string, url: string | URL, async = true, username?: string | null, password?: string | null): void {
      const target = new URL(String(url), location.href);
      if (target.origin !== SLOW_STORAGE) return super.open(method, url, async, username, password);
      const hold = target.searchParams.get('hold');
      this.#simulated = { durationMs: Number(target.searchParams.get('ms') ?? 2000), holdAt: hold === null ? undefined : Number(hold) };
      // The native getters would report an unopened request: these own properties shadow them.
      const state = this.#state;
      Object.defineProperties(this, {
        readyState: { get: () => state.readyState },
        status: { get: () => state.status },
        responseText: { get: () => '' },
      });
      state.readyState = 1;
    }

    override setRequestHeader(name: string, value: string): void {
      if (!this.#simulated) super.setRequestHeader(name, value);
    }

    override send(body?: Document | XMLHttpRequestBodyInit | null): void {
      const simulated = this.#simulated;
      if (!simulated) return super.send(body);
      const total = body instanceof Blob ? body.size : 1;
      const started = performance.now();
      fire(this.upload, 'loadstart', { lengthComputable: true, loaded: 0, total });
      this.#timer = setInterval(() => {
        const fraction = Math.min(1, (performance.now() - started) / simulated.durationMs);
        const shown = simulated.holdAt === undefined ? fraction : Math.min(fraction, simulated.holdAt);
        // Rounded up, so a bar held at 40% shows 40 (the row floors its percentage), not 39.
        fire(this.upload, 'progress', { lengthComputable: true, loaded: Math.ceil(total * shown), total });
        if (shown < 1) return;
        clearInterval(this.#timer);
        fire(this.upload, 'load', { lengthComputable: true, loaded: total, total });
        this.#state.readyState = 4;
        this.#state.status = 200;
        fire(this, 'load');
        fire(this, 'loadend');
      }, 1000 / TICKS_PER_SECOND);
    }

    override abort(): void {
      if (!this.#simulated) return super.abort();
      clearInterval(this.#timer);
      this.#state.readyState = 4;
      fire(this, 'abort');
      fire(this, 'loadend');
    }
  }

  window.XMLHttpRequest = SlowStorageXhr;
  return () => {
    window.XMLHttpRequest = Native;
  };
}
