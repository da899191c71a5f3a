// Every change reaches subscribers at most once per animation frame: a fast loopback upload fires thousands of
// XHR progress events (WebKit: one per 8 KiB), and 200 small files change status several times each.
export type ScheduleFrame = (callback: () => void) => () => void;

/** Hidden tabs stop animation frames; a timer still delivers there (throttled by the browser to about 1/s). */
const HIDDEN_TAB_FALLBACK_MS = 100;

/** requestAnimationFrame with a timer fallback for hidden tabs; a ~16 ms timer where there are no frames (SSR, Node). */
export const defaultScheduleFrame: ScheduleFrame = (callback) => {
  // Whichever comes first cancels the other, so the callback runs once.
  const run = () => {
    cancel();
    callback();
  };
  const hasFrames = typeof requestAnimationFrame === 'function';
  const frame = hasFrames ? requestAnimationFrame(run) : 0;
  const timer = setTimeout(run, hasFrames ? HIDDEN_TAB_FALLBACK_MS : 16);
  const cancel = () => {
    if (hasFrames) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  return cancel;
};

/** A notification whose cost (the app's render, then the browser's layout and paint of it) is over this slows the next. */
const SLOW_NOTIFY_MS = 4;
/** The next notification comes this many times its cost after the last began: rendering takes at most an eighth of the
 * main thread, as the uploads' own work waits behind every render (a quarter was slower: README, Performance). */
const REST_FACTOR = 8;
/** However slow the last one was, the next notification comes within this (a long task of the app's counts too). */
const MAX_REST_MS = 500;
const now = () => performance.now();

/**
 * When the store's next notification runs: at the next frame, with two exceptions. In the frame a user action was
 * already heard in, it waits for the one after (one React commit per frame). After a slow notification (its render,
 * layout and paint) it waits until eight times that cost has passed since it began, so rendering a long list takes at
 * most an eighth of the main thread and the uploads' own events, which wait behind it, keep their pace.
 */
export function createPacer(scheduleFrame: () => ScheduleFrame) {
  let heardThisFrame = false;
  let restUntil = 0;
  return {
    schedule(callback: () => void): () => void {
      let cancel = () => {};
      const frame = (next: () => void) => (cancel = scheduleFrame()(next));
      // Resting is checked again when the frame comes: the last notification's layout and paint are known by then.
      const start = () => {
        const rest = restUntil - now();
        if (rest <= 0) return frame(run);
        const timer = setTimeout(() => frame(run), rest);
        cancel = () => clearTimeout(timer);
      };
      const run = () => (restUntil > now() ? start() : callback());
      if (heardThisFrame) frame(start);
      else start();
      return () => cancel();
    },
    /** A notification ran outside the frame (a user action): the next one waits for the next frame. */
    heard(): void {
      // Only where there are frames to count (a browser); elsewhere a "frame" is a plain timer.
      if (typeof requestAnimationFrame !== 'function') return;
      heardThisFrame = true;
      scheduleFrame()(() => (heardThisFrame = false));
    },
    /** Runs a notification's listeners, and remembers how long they took, with the rendering that follows. */
    measure(run: () => void): void {
      const began = now();
      const rest = () => {
        const cost = now() - began;
        restUntil = cost > SLOW_NOTIFY_MS ? began + Math.min(REST_FACTOR * cost, MAX_REST_MS) : 0;
      };
      run();
      rest();
      // The browser lays out and paints what the listeners changed after this task, before the next one runs. Only
      // on a visible page: elsewhere nothing is painted, and the timer (throttled to 1 s in a hidden tab) would count
      // whatever ran or slept meanwhile.
      if (globalThis.document?.hidden === false) setTimeout(rest);
    },
  };
}
