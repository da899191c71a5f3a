// When the store's listeners hear of a change: every change counts (the version the snapshot is built from), and a
// notification is scheduled at the next paced frame (frames.ts createPacer). A user's own action is heard at once;
// new files once the uploads they start are on their way (hold).
import { createPacer, type ScheduleFrame } from './frames';

export interface NotifierHooks {
  scheduleFrame: () => ScheduleFrame;
  /** First part of a notification: changes it makes (pending progress applied) are part of it, not a new one. */
  prepare: () => void;
  /** Second part: onChange and the listeners; `batched` is false for a user action's (no flushSync). */
  deliver: (batched: boolean) => void;
}

export function createNotifier({ scheduleFrame, prepare, deliver }: NotifierHooks) {
  const pacer = createPacer(scheduleFrame);
  let version = 0;
  let cancel: (() => void) | null = null;
  let preparing = false;
  let notifying = false;
  let stopped = false;
  /**
   * The cancel of the hold that is on (hold()), to tell it from a paced notification's. Undefined, never null as
   * `cancel` starts, so `cancel === holding` is true only while a hold is on.
   */
  let holding: (() => void) | undefined;
  /** Run at every change while a hold is on: ends the hold a task later once what it waits for is done. */
  let check = () => {};

  function run(batched: boolean): void {
    cancel = null;
    if (stopped) return;
    notifying = true;
    try {
      preparing = true;
      prepare();
      preparing = false;
      pacer.measure(() => deliver(batched));
    } finally {
      // A listener that throws (a bug in a render) must not leave user actions unflushed from then on.
      preparing = false;
      notifying = false;
    }
  }

  /** A notification now, outside the paced frames; the next paced one then waits for the following frame. */
  function now(batched: boolean): void {
    cancel!();
    run(batched);
    pacer.heard();
  }

  return {
    get version(): number {
      return version;
    },
    /** A change listeners must hear of: counted now, heard at the next paced frame. */
    changed(): void {
      version++;
      if (!cancel && !stopped && !preparing) cancel = pacer.schedule(() => run(true));
      else check();
    },
    /** A change to the snapshot that needs no notification of its own (one is running or the app caused it). */
    bump(): void {
      version++;
    },
    /**
     * Wraps a user's own action (cancel, retry, remove, clear): heard at once, in the same event, so its row and
     * the app's onChange render in one commit with the click. Work that runs on its own waits for the next frame.
     */
    userAction<A extends unknown[]>(act: (...args: A) => void): (...args: A) => void {
      return (...args) => {
        const since = version;
        act(...args);
        // No `batch` (flushSync) here: inside a React event both updates already share a lane, and an action called
        // from an effect must not flush synchronously.
        if (cancel && !notifying && version !== since) now(false);
      };
    },
    /**
     * Holds notifications until a change finds `done()` true (then a task later), or `maxMs` passed, and delivers what
     * changed in one notification.
     * A drop's rows render once its first uploads are on their way: rendering them first delayed those requests by
     * the whole render. A user action meanwhile ends the hold (it is heard at once).
     */
    hold(done: () => boolean, maxMs: number): void {
      // A hold already on keeps its deadline: files added again and again must not hold every notification back.
      if (cancel === holding) return;
      cancel?.();
      // A task later: what the change starts in its microtasks (the request) goes first. Not in an event of the
      // app's: delivered batched, so the app's setState in onChange lands in the same commit as the rows.
      const release = () => cancel === end && !notifying && now(true);
      let timer = setTimeout(release, maxMs);
      // However the hold ends (its condition, its deadline, a user action, stop), its timer and its condition go.
      const end = () => {
        clearTimeout(timer);
        check = () => {};
      };
      cancel = holding = end;
      check = () => {
        if (!done()) return;
        end();
        timer = setTimeout(release);
      };
    },
    /** Unmount: nothing is heard from here on, not even a change already scheduled. */
    stop(): void {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}
