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
