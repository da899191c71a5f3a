// What the fault run watches in the page: XHRs that never finish, object URLs never revoked, unhandled
// rejections, React warnings, and a hidden tab (headless Chromium keeps every page visible, even minimized or
// behind another tab, so visibility is emulated the way a hidden tab looks to a page: the state, the event,
// and no animation frames).

export interface Probes {
  /** XHRs sent and not yet at loadend. */
  openXhrs: Set<XMLHttpRequest>;
  xhrCount: number;
  /** XHRs whose request body was handed over whole (upload `load`): every byte out, the answer not yet read. */
  bodiesSent: number;
  /** Object URLs created and not revoked. */
  liveUrls: Set<string>;
  urlCount: number;
  rejections: string[];
  consoleErrors: string[];
  restore(): void;
}

export function installProbes(): Probes {
  const probes: Probes = {
    openXhrs: new Set(),
    xhrCount: 0,
    bodiesSent: 0,
    liveUrls: new Set(),
    urlCount: 0,
    rejections: [],
    consoleErrors: [],
    restore: () => {},
  };
  const OriginalXhr = window.XMLHttpRequest;
  class WatchedXhr extends OriginalXhr {
    override send(body?: Document | XMLHttpRequestBodyInit | null) {
      probes.openXhrs.add(this);
      probes.xhrCount++;
      this.addEventListener('loadend', () => probes.openXhrs.delete(this));
      // An upload listener makes a cross-origin request preflighted: the uploader's own progress listeners already do.
      this.upload.addEventListener('load', () => probes.bodiesSent++);
      super.send(body);
    }
  }
  window.XMLHttpRequest = WatchedXhr;
  const create = URL.createObjectURL;
  const revoke = URL.revokeObjectURL;
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = create.call(URL, object);
    probes.liveUrls.add(url);
    probes.urlCount++;
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    probes.liveUrls.delete(url);
    revoke.call(URL, url);
  };
  const onRejection = (event: PromiseRejectionEvent) => probes.rejections.push(String(event.reason?.stack ?? event.reason));
  const onError = (event: ErrorEvent) => probes.rejections.push(String(event.error?.stack ?? event.message));
  window.addEventListener('unhandledrejection', onRejection);
  window.addEventListener('error', onError);
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    probes.consoleErrors.push(args.map(String).join(' ').slice(0, 500));
    consoleError.apply(console, args);
  };
  probes.restore = () => {
    window.XMLHttpRequest = OriginalXhr;
    URL.createObjectURL = create;
    URL.revokeObjectURL = revoke;
    window.removeEventListener('unhandledrejection', onRejection);
    window.removeEventListener('error', onError);
    console.error = consoleError;
    showTab();
  };
  return probes;
}

let heldFrames: FrameRequestCallback[] | null = null;
const realRaf = window.requestAnimationFrame.bind(window);
const realCancel = window.cancelAnimationFrame.bind(window);

/** The page now looks hidden: visibilityState, the visibilitychange event, and animation frames held back. */
export function hideTab(): void {
  if (heldFrames) return;
  heldFrames = [];
  const held = heldFrames;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  window.requestAnimationFrame = (callback) => held.push(callback) + 1_000_000;
  window.cancelAnimationFrame = (id) => {
    if (id > 1_000_000) held[id - 1_000_001] = () => {};
    else realCancel(id);
  };
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Back to a visible tab: the frames held while hidden run on the next real frame, as a browser does. */
export function showTab(): void {
  const held = heldFrames;
  if (!held) return;
  heldFrames = null;
  delete (document as { visibilityState?: unknown }).visibilityState;
  delete (document as { hidden?: unknown }).hidden;
  window.requestAnimationFrame = realRaf;
  window.cancelAnimationFrame = realCancel;
  document.dispatchEvent(new Event('visibilitychange'));
  realRaf((time) => held.forEach((callback) => callback(time)));
}

export const isHidden = () => heldFrames !== null;
