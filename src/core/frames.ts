// Progress is coalesced to one store update per animation frame: a fast loopback upload fires
// thousands of XHR progress events (WebKit: one per 8 KiB) and each would re-render.
export type ScheduleFrame = (callback: () => void) => () => void;

/** requestAnimationFrame when there is one (browsers), else a ~16 ms timer (SSR, Node, workers). */
export const defaultScheduleFrame: ScheduleFrame = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(callback, 16);
  return () => clearTimeout(id);
};

export interface ProgressUpdate {
  id: string;
  loaded: number;
  total: number;
  at: number;
}

export function createProgressBatcher(schedule: () => ScheduleFrame, apply: (updates: ProgressUpdate[]) => void) {
  const pending = new Map<string, ProgressUpdate>();
  let cancelFrame: (() => void) | null = null;

  const flush = () => {
    cancelFrame?.();
    cancelFrame = null;
    if (pending.size === 0) return;
    const updates = [...pending.values()];
    pending.clear();
    apply(updates);
  };

  return {
    push(update: ProgressUpdate) {
      pending.set(update.id, update);
      if (cancelFrame) return;
      let fired = false;
      const cancel = schedule()(() => {
        fired = true;
        cancelFrame = null;
        flush();
      });
      // A scheduler that runs the callback at once (tests) must not leave a stale cancel behind.
      if (!fired) cancelFrame = cancel;
    },
    /** Called before every terminal transition so the last progress is never lost or applied after it. */
    flush,
    drop(id: string) {
      pending.delete(id);
    },
    dispose() {
      cancelFrame?.();
      cancelFrame = null;
      pending.clear();
    },
  };
}
