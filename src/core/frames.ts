// Every change reaches subscribers at most once per animation frame: a fast loopback upload fires thousands of
// XHR progress events (WebKit: one per 8 KiB), and 200 small files change status several times each.
export type ScheduleFrame = (callback: () => void) => () => void;

/** Hidden tabs stop animation frames; a timer still delivers there (throttled by the browser to about 1/s). */
const HIDDEN_TAB_FALLBACK_MS = 100;

/** requestAnimationFrame with a timer fallback for hidden tabs; a ~16 ms timer where there are no frames (SSR, Node). */
export const defaultScheduleFrame: ScheduleFrame = (callback) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    callback();
  };
  const hasFrames = typeof requestAnimationFrame === 'function';
  const frame = hasFrames ? requestAnimationFrame(run) : 0;
  const timer = setTimeout(run, hasFrames ? HIDDEN_TAB_FALLBACK_MS : 16);
  const cancel = () => {
    done = true;
    if (hasFrames) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  return cancel;
};

/** A notification whose listeners (the app's render) took longer than this slows the ones after it. */
const SLOW_NOTIFY_MS = 8;
const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now());

/**
 * When the store's next notification runs: at the next frame, with two exceptions. In the frame a user action was
 * already heard in, it waits for the one after (one React commit per frame). After a slow notification it waits
 * until twice that time has passed, so rendering a long list takes at most a third of the main thread and the
 * uploads' own events keep their pace.
 */
export function createPacer(scheduleFrame: () => ScheduleFrame) {
  let heardThisFrame = false;
  let restUntil = 0;
  return {
    schedule(callback: () => void): () => void {
      const rest = restUntil - now();
      if (!heardThisFrame && rest <= 0) return scheduleFrame()(callback);
      let cancelLater = () => {};
      const first: ScheduleFrame =
        rest > 0
          ? (next) => {
              const timer = setTimeout(next, rest);
              return () => clearTimeout(timer);
            }
          : scheduleFrame();
      const cancelFirst = first(() => (cancelLater = scheduleFrame()(callback)));
      return () => {
        cancelFirst();
        cancelLater();
      };
    },
    /** A notification ran outside the frame (a user action): the next one waits for the next frame. */
    heard(): void {
      // Only where there are frames to count (a browser); elsewhere a "frame" is a plain timer.
      if (typeof requestAnimationFrame !== 'function') return;
      heardThisFrame = true;
      scheduleFrame()(() => (heardThisFrame = false));
    },
    /** Runs a notification's listeners, and remembers how long they took. */
    measure(run: () => void): void {
      const began = now();
      run();
      const cost = now() - began;
      restUntil = cost > SLOW_NOTIFY_MS ? now() + 2 * cost : 0;
    },
  };
}
