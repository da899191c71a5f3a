// Presign ahead (createUploader presignAhead): while the running files upload, the next queued files' targets are asked
// for, one per run, in pick order; a freed slot sends its next file with that target instead of waiting for a presign.
import { onlineManager } from '@tanstack/query-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresignRequest } from '../../src/core/types';
import { inATask } from '../../src/core/presignAhead';
import { FakeXhr, nativeTarget, png, setup, until, useFakeClock } from './helpers';

/** A target per file: its upload URL names the file, so a PUT shows which presign answer it used. */
const perFile = (req: PresignRequest) => nativeTarget({ uploadUrl: `https://bucket.example.com/${req.filename}?sig=1`, publicUrl: `https://cdn.example.com/${req.filename}` });
const asked = (presign: { mock: { calls: [PresignRequest, unknown][] } }) => presign.mock.calls.map(([req]) => req.filename);
const sentTo = () => FakeXhr.all.map((xhr) => xhr.url.replace(/^https:\/\/bucket\.example\.com\/|\?sig=1$/g, ''));

/**
 * One slot, on the fake clock, backoff without jitter (`delayMs` each time, `retries` of them), and a presign that
 * answers `answer` per file: the uploader that the failed-answer tests start from.
 */
function oneSlotWithRetries(retries: number, delayMs: number, answer: (req: PresignRequest) => unknown) {
  useFakeClock();
  vi.spyOn(Math, 'random').mockReturnValue(0);
  return setup({ multiple: true, concurrency: 1, retry: { retries, baseDelayMs: delayMs, maxDelayMs: delayMs } }, answer);
}

/** Lets a pass of presign ahead that a pump asked for run: its chunk loads, then it runs in a task of its own. */
async function aheadSettled(): Promise<void> {
  await vi.dynamicImportSettled();
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  FakeXhr.all = [];
  onlineManager.setOnline(true);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  onlineManager.setOnline(true);
});

describe('presign ahead', () => {
  it('asks for the next files\' targets while the running ones upload, one per run, in pick order, and a freed slot sends with it', async () => {
    const { uploader, presign, file } = setup({ multiple: true, concurrency: 2 }, perFile);
    await uploader.upload(['a', 'b', 'c', 'd', 'e'].map((name) => png(`${name}.png`)));
    await until(() => FakeXhr.open.length === 2 && presign.mock.calls.length === 4, 'two uploads and two presigns ahead');
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
    // Asked ahead, still waiting for a slot: nothing shows it.
    expect([file(2).status, file(3).status, file(4).status]).toEqual(['queued', 'queued', 'queued']);
    FakeXhr.all[0]!.respond(200);
    await until(() => FakeXhr.all.length === 3, 'c to be sent');
    // c was sent with the target asked ahead (no second presign for it); e is asked for now, ahead of its slot.
    expect(sentTo()).toEqual(['a.png', 'b.png', 'c.png']);
    await until(() => presign.mock.calls.length === 5, "e's presign ahead");
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png']);
    for (let i = 1; i < 5; i++) {
      await until(() => FakeXhr.all.length > i);
      FakeXhr.all[i]!.respond(200);
    }
    await until(() => uploader.getSnapshot().files.every((f) => f.status === 'done'), 'every file done');
    expect(sentTo()).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png']);
    expect(presign).toHaveBeenCalledTimes(5);
    expect(uploader.getSnapshot().value).toEqual(['a', 'b', 'c', 'd', 'e'].map((name) => `https://cdn.example.com/${name}.png`));
    uploader.destroy();
  });

  it("a failed answer is the file's first attempt: a refusal is final, a 503 is tried again after its backoff", async () => {
    let failed = 0;
    const { uploader, presign, file } = oneSlotWithRetries(1, 1000, (req) => {
      if (req.filename === 'b.png') return Response.json({ error: 'Quota exceeded' }, { status: 400 }); // final
      if (req.filename === 'c.png' && !failed++) throw Object.assign(new Error('busy'), { status: 503 });
      return perFile(req);
    });
    await uploader.upload([png('a.png'), png('b.png'), png('c.png')]);
    await until(() => FakeXhr.open.length === 1 && presign.mock.calls.length === 2, "a's upload and b's presign ahead");
    FakeXhr.all[0]!.respond(200);
    await until(() => file(1).status === 'error', 'b refused');
    expect(file(1).error).toMatchObject({ code: 'presign-failed', status: 400 });
    expect(asked(presign).filter((name) => name === 'b.png')).toHaveLength(1);
    // c's presign ahead answered 503: its run waits for the backoff, then asks again.
    await until(() => presign.mock.calls.length === 3 && file(2).status === 'presigning', "c's first presign (503), waiting");
    expect(FakeXhr.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_100);
    await until(() => FakeXhr.all.length === 2, 'c sent after its retry');
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'c.png', 'c.png']);
    uploader.destroy();
  }, 15_000);

  it("a failed answer's Retry-After counts from when it came: a run that starts after it has passed asks again at once", async () => {
    let failed = 0;
    const { uploader, presign, file } = oneSlotWithRetries(1, 100, (req) => {
      if (req.filename === 'b.png' && !failed++) return new Response('busy', { status: 429, headers: { 'Retry-After': '2' } });
      return perFile(req);
    });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.open.length === 1 && failed === 1, "a's upload and b's presign ahead (429, Retry-After 2 s)");
    // a uploads for 3 s more: b's wait is over before its slot frees.
    await vi.advanceTimersByTimeAsync(3_000);
    FakeXhr.all[0]!.respond(200);
    await until(() => presign.mock.calls.length === 3, "b's second presign, at once");
    await until(() => FakeXhr.all.length === 2, 'b sent');
    expect(file(1).status).toBe('uploading');
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'b.png']);
    uploader.destroy();
  }, 15_000);

  it('a failed answer uses one of the retries: with retries 1, a second 503 is final after two asks', async () => {
    const { uploader, presign, file } = oneSlotWithRetries(1, 1000, (req) => {
      if (req.filename === 'b.png') throw Object.assign(new Error('busy'), { status: 503 });
      return perFile(req);
    });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.open.length === 1 && presign.mock.calls.length === 2, "a's upload and b's presign ahead");
    FakeXhr.all[0]!.respond(200);
    await until(() => file(1).status === 'presigning', 'b waiting after its first 503');
    await vi.advanceTimersByTimeAsync(1_100);
    await until(() => file(1).status === 'error', 'b to end after its second 503');
    expect(file(1).error).toMatchObject({ code: 'presign-failed', status: 503 });
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'b.png']);
    uploader.destroy();
  }, 15_000);

  it.each(['cancel', 'remove'] as const)('%s aborts a presign asked ahead, and a Retry asks again', async (action) => {
    const signals = new Map<string, AbortSignal>();
    const { uploader, presign } = setup({ multiple: true, concurrency: 1 }, (req) => perFile(req));
    presign.mockImplementation(async (req, ctx) => {
      signals.set(req.filename, ctx.signal);
      // b's first presign never answers: only its abort ends it.
      return req.filename === 'b.png' && presign.mock.calls.length === 2 ? new Promise(() => {}) : perFile(req);
    });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => signals.has('b.png'), "b's presign ahead");
    const b = uploader.getSnapshot().files[1]!;
    uploader[action](b.id);
    expect(signals.get('b.png')!.aborted).toBe(true);
    FakeXhr.all[0]!.respond(200);
    await until(() => uploader.getSnapshot().files[0]!.status === 'done');
    expect(FakeXhr.all).toHaveLength(1);
    if (action === 'cancel') {
      uploader.retry(b.id);
      await until(() => FakeXhr.all.length === 2, 'b to be sent after Retry');
      expect(asked(presign)).toEqual(['a.png', 'b.png', 'b.png']);
      expect(sentTo()).toEqual(['a.png', 'b.png']);
    }
    uploader.destroy();
  });

  it.each(['cancel', 'remove'] as const)("%s of a file whose presign went ahead lets the next file's go ahead at once, not after the running upload", async (action) => {
    const { uploader, presign } = setup({ multiple: true, concurrency: 1 }, perFile);
    await uploader.upload([png('a.png'), png('b.png'), png('c.png')]); // every file checked
    await until(() => FakeXhr.open.length === 1 && presign.mock.calls.length === 2, "a's upload and b's presign ahead");
    await aheadSettled(); // c's check pumped too: c waits, with no room to go ahead
    expect(presign).toHaveBeenCalledTimes(2);
    uploader[action](uploader.getSnapshot().files[1]!.id);
    await until(() => presign.mock.calls.length === 3, "c's presign ahead");
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(FakeXhr.all).toHaveLength(1); // a is still uploading
    FakeXhr.all[0]!.respond(200);
    await until(() => FakeXhr.all.length === 2, 'c to be sent');
    expect(sentTo()).toEqual(['a.png', 'c.png']);
    expect(presign).toHaveBeenCalledTimes(3);
    uploader.destroy();
  });

  it('asks nothing ahead while offline', async () => {
    onlineManager.setOnline(false);
    const { uploader, presign } = setup({ multiple: true, concurrency: 1 }, perFile);
    await uploader.upload([png('a.png'), png('b.png')]); // both checked: a has its slot and waits to be online
    await new Promise((resolve) => setTimeout(resolve, 20));
    await vi.dynamicImportSettled(); // presignAhead.ts has loaded and run: it is what declines while offline
    expect(presign).not.toHaveBeenCalled();
    onlineManager.setOnline(true);
    await until(() => presign.mock.calls.length === 1, "a's presign once online");
    expect(asked(presign)).toEqual(['a.png']);
    uploader.destroy();
  });

  it('asks nothing ahead while a run waits to try again (a failing endpoint is not asked twice as often)', async () => {
    const { uploader, presign } = oneSlotWithRetries(3, 20_000, perFile);
    await uploader.upload([png('a.png')]);
    await until(() => FakeXhr.open.length === 1);
    FakeXhr.all[0]!.respond(503);
    await until(() => uploader.getSnapshot().files[0]!.status === 'uploading' && FakeXhr.open.length === 0, 'a to wait for its retry');
    await aheadSettled(); // storage's refusal is read by code loaded now: then a's wait is recorded
    await uploader.upload([png('b.png')]);
    await until(() => uploader.getSnapshot().files[1]!.status === 'queued', 'b checked');
    await aheadSettled(); // b's check pumped: presign ahead has loaded and run, and declined
    expect(asked(presign)).toEqual(['a.png']);
    uploader.destroy();
  });

  it('a file prepared in its slot (the app changed its preparation meanwhile) leaves the presign asked ahead unused (its run\'s end aborts it) and asks for the prepared file\'s target', async () => {
    const signals: AbortSignal[] = [];
    const { uploader, presign } = setup({ multiple: true, concurrency: 1 }, perFile);
    presign.mockImplementation(async (req, ctx) => {
      signals.push(ctx.signal);
      // b's presign asked ahead has not answered when its slot starts.
      return req.filename === 'b.png' ? new Promise(() => {}) : perFile(req);
    });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.open.length === 1 && presign.mock.calls.length === 2, "b's presign ahead");
    uploader.setOptions({ prepare: { transform: async (f) => new File([f], 'b-small.png', { type: 'image/png' }) } });
    FakeXhr.all[0]!.respond(200);
    await until(() => FakeXhr.all.length === 2, 'b to be sent');
    expect(asked(presign)).toEqual(['a.png', 'b.png', 'b-small.png']);
    expect(sentTo()).toEqual(['a.png', 'b-small.png']);
    FakeXhr.all[1]!.respond(200);
    await until(() => uploader.getSnapshot().files[1]!.status === 'done', 'b done with the prepared file');
    // The unused request was asked on the run's controller: the run's end aborted it.
    await until(() => signals[1]!.aborted, "the unused request's abort");
    uploader.destroy();
  });
});

describe('inATask', () => {
  /** Lets any message already in flight run first: the queue of passes is the module's. */
  const drained = () => new Promise<void>((resolve) => inATask(resolve));

  it('runs passes asked for before its task in that one task, in order, after the code that asked: one channel for all', async () => {
    await drained();
    const channels = vi.spyOn(globalThis, 'MessageChannel');
    const ran: string[] = [];
    inATask(() => ran.push('a'));
    inATask(() => ran.push('b'));
    inATask(() => ran.push('c'));
    await Promise.resolve();
    expect(ran).toEqual([]); // not in a microtask: a task of its own
    await until(() => ran.length === 3, 'the three passes');
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(channels).toHaveBeenCalledTimes(1);
    // Once it ran, the next pass gets a task (and a channel) of its own.
    inATask(() => ran.push('d'));
    await until(() => ran.length === 4, 'the next pass');
    expect(channels).toHaveBeenCalledTimes(2);
  });

  it('a pass asked for by a pass runs in a later task', async () => {
    await drained();
    const ran: string[] = [];
    inATask(() => {
      ran.push('a');
      inATask(() => ran.push('a2'));
    });
    inATask(() => ran.push('b'));
    await until(() => ran.length === 3, 'the three passes');
    expect(ran).toEqual(['a', 'b', 'a2']);
  });

  it('a pass that throws is reported, and the passes after it, and later ones, still run', async () => {
    await drained();
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    const ran: string[] = [];
    inATask(() => ran.push('a'));
    inATask(() => {
      throw new Error('a bug in a pass');
    });
    inATask(() => ran.push('c'));
    await until(() => ran.length === 2, 'the passes around the one that threw');
    expect(ran).toEqual(['a', 'c']);
    expect(reported).toHaveBeenCalledWith(new Error('a bug in a pass'));
    inATask(() => ran.push('d'));
    await until(() => ran.length === 3, 'a later pass');
  });

  it("with the browser's scheduler: one postTask for the passes asked for before it runs, none in a microtask", async () => {
    await drained();
    const posted: (() => void)[] = [];
    const scheduler = {
      postTask: vi.fn(function (this: unknown, callback: () => void) {
        // Called as the scheduler's method, as the browser's requires.
        expect(this).toBe(scheduler);
        posted.push(callback);
        return Promise.resolve();
      }),
    };
    vi.stubGlobal('scheduler', scheduler);
    const channels = vi.spyOn(globalThis, 'MessageChannel');
    const ran: string[] = [];
    try {
      inATask(() => ran.push('a'));
      inATask(() => ran.push('b'));
      await Promise.resolve();
      expect(ran).toEqual([]);
      expect(scheduler.postTask).toHaveBeenCalledTimes(1);
      posted[0]!();
      expect(ran).toEqual(['a', 'b']);
      inATask(() => ran.push('c'));
      expect(scheduler.postTask).toHaveBeenCalledTimes(2);
      posted[1]!();
      expect(ran).toEqual(['a', 'b', 'c']);
      expect(channels).not.toHaveBeenCalled();
    } finally {
      // A failed assertion must not leave the module's passes waiting on a task that never runs.
      for (const task of posted.splice(0)) task();
    }
  });

  it('with neither a scheduler nor MessageChannel: one timer for the passes asked for before it fires', async () => {
    await drained();
    vi.stubGlobal('MessageChannel', undefined);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const ran: string[] = [];
    inATask(() => ran.push('a'));
    inATask(() => ran.push('b'));
    expect(timers).toHaveBeenCalledTimes(1);
    await until(() => ran.length === 2, 'the two passes');
    expect(ran).toEqual(['a', 'b']);
  });

  it('a channel that cannot be made leaves nothing waiting: the next pass gets one', async () => {
    await drained();
    const ran: string[] = [];
    vi.spyOn(globalThis, 'MessageChannel').mockImplementationOnce(() => {
      throw new Error('no channel');
    });
    expect(() => inATask(() => ran.push('lost'))).toThrow('no channel');
    inATask(() => ran.push('b'));
    await until(() => ran.length === 1, 'the next pass');
    expect(ran).toEqual(['b']);
  });
});
