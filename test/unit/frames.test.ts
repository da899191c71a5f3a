// The store's notification pacing (src/core/frames.ts): at most one notification per frame, never a second one in a
// frame a user action was already heard in, and slower after a slow render. Frames are faked: a 16 ms
// requestAnimationFrame on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer, defaultScheduleFrame } from '../../src/core/frames';

let frameCount = 0;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  frameCount = 0;
  // A browser's frames: every 16 ms, all callbacks of a frame together.
  let pending: { id: number; callback: FrameRequestCallback }[] = [];
  let nextId = 0;
  const tick = () => {
    frameCount++;
    const run = pending;
    pending = [];
    for (const { callback } of run) callback(performance.now());
    setTimeout(tick, 16);
  };
  setTimeout(tick, 16);
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    pending.push({ id: ++nextId, callback });
    return nextId;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    pending = pending.filter((entry) => entry.id !== id);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Schedules a notification: it must not run within `quietMs`, then run within `withinMs` more. Returns when it ran. */
async function ranAfter(pacer: ReturnType<typeof createPacer>, quietMs: number, withinMs: number): Promise<number> {
  const runs: number[] = [];
  pacer.schedule(() => runs.push(performance.now()));
  await vi.advanceTimersByTimeAsync(quietMs);
  expect(runs).toEqual([]);
  await vi.advanceTimersByTimeAsync(withinMs);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('createPacer', () => {
  it('runs a notification at the next frame', async () => {
    const pacer = createPacer(() => defaultScheduleFrame);
    const runs: number[] = [];
    pacer.schedule(() => runs.push(frameCount));
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toEqual([1]);
  });

  it('after a user action was heard, waits for the frame after the one that paints it', async () => {
    const pacer = createPacer(() => defaultScheduleFrame);
    const runs: number[] = [];
    pacer.heard();
    pacer.schedule(() => runs.push(frameCount));
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toEqual([2]);
    // Once that frame has passed, the next notification is at the next frame again.
    pacer.schedule(() => runs.push(frameCount));
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toEqual([2, 3]);
  });

  it('after a slow notification (a long render), waits until eight times its cost has passed since it began; a fast one does not', async () => {
    const pacer = createPacer(() => defaultScheduleFrame);
    const runs: number[] = [];
    pacer.measure(() => vi.advanceTimersByTime(50)); // listeners that took 50 ms: the next one 400 ms after they began
    pacer.schedule(() => runs.push(frameCount));
    await vi.advanceTimersByTimeAsync(342);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toHaveLength(1);

    pacer.measure(() => vi.advanceTimersByTime(2));
    const before = frameCount;
    pacer.schedule(() => runs.push(frameCount));
    await vi.advanceTimersByTimeAsync(16);
    expect(runs[1]).toBe(before + 1);
  });

  it('a rest learned after a notification was scheduled is kept when its frame comes', async () => {
    const pacer = createPacer(() => defaultScheduleFrame);
    const runs: number[] = [];
    pacer.schedule(() => runs.push(performance.now()));
    // Then a notification of 10 ms (its render, layout and paint): nothing runs before 80 ms, then at the next frame.
    pacer.measure(() => vi.advanceTimersByTime(10));
    await vi.advanceTimersByTimeAsync(69);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toEqual([80]);
  });

  it('on a visible page the layout and paint after the listeners count (the measure ends a task later); hidden, they do not', async () => {
    // The clock follows the fake timers, plus time the browser spends outside them (its layout and paint).
    let outside = 0;
    const start = Date.now();
    vi.spyOn(performance, 'now').mockImplementation(() => Date.now() - start + outside);
    const pacer = createPacer(() => defaultScheduleFrame);

    vi.stubGlobal('document', { hidden: false });
    pacer.measure(() => (outside += 2)); // listeners: 2 ms, not slow by themselves
    outside += 20; // then 20 ms of layout and paint before the next task
    await vi.advanceTimersByTimeAsync(0);
    // 22 ms in all: the next notification waits until 176 ms after the first began.
    expect(await ranAfter(pacer, 150, 20)).toBeGreaterThanOrEqual(176);

    vi.stubGlobal('document', { hidden: true });
    pacer.measure(() => (outside += 2));
    outside += 20; // a hidden tab paints nothing: what passes before its (throttled) timer is not the render's
    await vi.advanceTimersByTimeAsync(0);
    await ranAfter(pacer, 0, 16);
  });

  it('however slow the last notification, the next comes within 500 ms', async () => {
    const pacer = createPacer(() => defaultScheduleFrame);
    pacer.measure(() => vi.advanceTimersByTime(300)); // eight times that would be 2.4 s
    expect(await ranAfter(pacer, 180, 40)).toBeLessThanOrEqual(520);
  });

  it('cancels a paced notification at either step', async () => {
    const pacer = createPacer(() => defaultScheduleFrame);
    const run = vi.fn();
    pacer.heard();
    const cancelEarly = pacer.schedule(run);
    cancelEarly();
    pacer.measure(() => vi.advanceTimersByTime(25));
    const cancelLate = pacer.schedule(run);
    await vi.advanceTimersByTimeAsync(176); // at 201 ms, past the rest (8 x 25 ms): the frame is requested, not yet run
    cancelLate();
    await vi.advanceTimersByTimeAsync(200);
    expect(run).not.toHaveBeenCalled();
  });
});
