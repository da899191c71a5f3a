// The notifier's hold (notifier.ts): what a drop's notification waits for, and that nothing of it outlives it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../../src/core/notifier';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function notifierWithFrames() {
  const deliver = vi.fn();
  const notifier = createNotifier({
    // A frame is a 16 ms timer here (Node has no animation frames).
    scheduleFrame: () => (callback) => {
      const timer = setTimeout(callback, 16);
      return () => clearTimeout(timer);
    },
    prepare: () => {},
    deliver,
  });
  return { notifier, deliver };
}

describe('hold', () => {
  it('once its condition is met, the hold is delivered a task later and leaves no timer behind', async () => {
    const { notifier, deliver } = notifierWithFrames();
    let ready = false;
    notifier.changed();
    notifier.hold(() => ready, 100);
    expect(vi.getTimerCount()).toBe(1); // its deadline, in place of the paced notification
    ready = true;
    notifier.changed();
    expect(deliver).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(deliver).toHaveBeenCalledTimes(1);
    // The deadline went with the hold: nothing fires at 100 ms.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a hold whose condition is never met is delivered at its deadline, once, and leaves no timer behind', async () => {
    const { notifier, deliver } = notifierWithFrames();
    notifier.changed();
    notifier.hold(() => false, 100);
    await vi.advanceTimersByTimeAsync(99);
    expect(deliver).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    // The next change is paced as usual.
    notifier.changed();
    await vi.advanceTimersByTimeAsync(16);
    expect(deliver).toHaveBeenCalledTimes(2);
  });

  it('a user action after the condition was met, before its task: heard at once, once, and no timer left', async () => {
    const { notifier, deliver } = notifierWithFrames();
    let ready = false;
    notifier.changed();
    notifier.hold(() => ready, 100);
    ready = true;
    notifier.changed();
    notifier.userAction(() => notifier.changed())();
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('stop ends a hold with nothing delivered and no timer left', async () => {
    const { notifier, deliver } = notifierWithFrames();
    notifier.changed();
    notifier.hold(() => false, 100);
    notifier.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(deliver).not.toHaveBeenCalled();
  });

  it('a hold a user action ended no longer checks its condition at each change', () => {
    const { notifier, deliver } = notifierWithFrames();
    const done = vi.fn(() => false);
    notifier.changed();
    notifier.hold(done, 100);
    notifier.userAction(() => notifier.changed())();
    expect(deliver).toHaveBeenCalledTimes(1);
    done.mockClear();
    notifier.changed();
    notifier.changed();
    expect(done).not.toHaveBeenCalled();
  });
});
