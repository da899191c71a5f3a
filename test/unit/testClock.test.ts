// The unit tests' fake clock is one clock: the notifier's pacer (frames.ts) measures a notification's cost with
// performance.now and rests on setTimeout. With performance.now on the real clock, a listener slowed by the machine
// (a GC pause, a loaded CI runner) made the pacer rest on fake timers that a test's advance could not end, and a test
// that read a file's speed after advancing the clock flaked (reliability.test.ts, once in ten loaded runs).
import { afterEach, expect, it, vi } from 'vitest';
import { FakeXhr, png, setup, until, useUploaderTestClock } from './helpers';

useUploaderTestClock();
afterEach(() => vi.restoreAllMocks());

/** Takes `ms` of real time, as a stalled machine does during a render. */
function stall(ms: number): void {
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < BigInt(ms) * 1_000_000n);
}

it('a listener slowed by the machine holds no notification back on the fake clock', async () => {
  const { uploader, file } = setup();
  uploader.subscribe(() => stall(10));
  await uploader.upload([png()]);
  await until(() => FakeXhr.all.length === 1);
  for (let step = 1; step <= 3; step++) {
    FakeXhr.last().progress(100 * step, 1000);
    await vi.advanceTimersByTimeAsync(500);
    FakeXhr.last().progress(100 * step + 50, 1000);
    await vi.advanceTimersByTimeAsync(20);
    expect(file().bytesPerSecond).toBeGreaterThan(0);
  }
});
