import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, resolveRetryPolicy } from '../../src/core/retry';
import { FakeXhr, nativeTarget, png, setup, until, untilPastOfflineWait, useUploaderTestClock } from './helpers';

useUploaderTestClock();
afterEach(() => {
  vi.restoreAllMocks();
});

const expiredXml =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';

/** Advances fake time until exactly `count` XHRs exist, returning the ms that took. */
async function msUntilXhr(count: number, limit = 120_000): Promise<number> {
  let waited = 0;
  while (FakeXhr.all.length < count) {
    if (waited > limit) throw new Error(`no XHR #${count} after ${limit} ms`);
    await vi.advanceTimersByTimeAsync(50);
    waited += 50;
  }
  return waited;
}

describe('backoff', () => {
  it('grows exponentially, is capped, and its jitter stays within half and all of the step', () => {
    const policy = { retries: 10, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000, 4000]);
    for (let i = 0; i < 200; i++) {
      const n = i % 6;
      const delay = backoffDelay(n, policy);
      const step = Math.min(8000, 1000 * 2 ** n);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  it('reads the retry option as data', () => {
    expect(resolveRetryPolicy(undefined)).toEqual(DEFAULT_RETRY);
    expect(resolveRetryPolicy(false).retries).toBe(0);
    expect(resolveRetryPolicy(5).retries).toBe(5);
    expect(resolveRetryPolicy({ maxDelayMs: 5 })).toEqual({ ...DEFAULT_RETRY, maxDelayMs: 5 });
    expect(resolveRetryPolicy(true)).toEqual(DEFAULT_RETRY);
    expect(resolveRetryPolicy(0).retries).toBe(0);
    expect(resolveRetryPolicy(-2).retries).toBe(0);
    // An unset count keeps the default; one that is no number (plain JS) means none, never retrying for ever.
    expect(resolveRetryPolicy({ retries: undefined, baseDelayMs: 10 })).toEqual({ ...DEFAULT_RETRY, baseDelayMs: 10 });
    expect(resolveRetryPolicy({ baseDelayMs: undefined, maxDelayMs: undefined })).toEqual(DEFAULT_RETRY);
    expect(resolveRetryPolicy({ baseDelayMs: Number.NaN, maxDelayMs: -1 })).toEqual({ ...DEFAULT_RETRY, baseDelayMs: 0, maxDelayMs: 0 });
    expect(resolveRetryPolicy(Number.NaN).retries).toBe(0);
    expect(resolveRetryPolicy({ retries: Number.NaN }).retries).toBe(0);
    expect(resolveRetryPolicy('3' as unknown as number).retries).toBe(3);
    expect(resolveRetryPolicy((() => 1) as unknown as number).retries).toBe(0);
  });

  it('retries network errors after growing, capped delays, then reports network-error with a CORS hint', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { uploader, onError, file } = setup({ retry: { retries: 3, baseDelayMs: 1000, maxDelayMs: 3000 } });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    const waits: number[] = [];
    for (let attempt = 2; attempt <= 4; attempt++) {
      FakeXhr.last().progress(100, 1000);
      await vi.advanceTimersByTimeAsync(500);
      FakeXhr.last().progress(300, 1000);
      await vi.advanceTimersByTimeAsync(20);
      expect(file().bytesPerSecond).toBeGreaterThan(0);
      FakeXhr.last().fail();
      await vi.advanceTimersByTimeAsync(0);
      // Waiting for the retry: still uploading, but no speed or ETA from the failed attempt.
      expect(file()).toMatchObject({ status: 'uploading', bytesPerSecond: null, etaSeconds: null });
      waits.push(await msUntilXhr(attempt));
    }
    // Polled every 50 ms: each wait is the delay rounded up to the next poll.
    expect(waits).toEqual([1000, 2000, 3000]);
    FakeXhr.last().fail();
    await untilPastOfflineWait(() => file().status === 'error');
    expect(file().error?.code).toBe('network-error');
    expect(file().error?.message).toMatch(/unreachable/);
    expect(file().error?.message).toMatch(/CORS/);
    expect(onError).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeXhr.all).toHaveLength(4);
  });

  it('retries 5xx, 408 and 429 from storage, never other 4xx', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { uploader, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(503);
    await msUntilXhr(2);
    FakeXhr.last().respond(429);
    await msUntilXhr(3);
    FakeXhr.last().respond(408);
    await msUntilXhr(4);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');

    const second = setup();
    FakeXhr.all = [];
    await second.uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(400, '<Error><Code>InvalidArgument</Code><Message>Bad header</Message></Error>');
    await until(() => second.file().status === 'error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeXhr.all).toHaveLength(1);
    expect(second.file().error).toMatchObject({ code: 'upload-failed', status: 400 });
    expect(second.file().error?.message).toContain('Bad header');
  });

  it('a 5xx, 408, 429, network error or stall on the PUT is retried on the same target, without presigning again', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { uploader, presign, file } = setup({ retry: 6, stallTimeoutMs: 5000 });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(503, '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
    await msUntilXhr(2);
    FakeXhr.last().respond(500);
    await msUntilXhr(3);
    FakeXhr.last().respond(408);
    await msUntilXhr(4);
    FakeXhr.last().respond(429);
    await msUntilXhr(5);
    FakeXhr.last().fail();
    await msUntilXhr(6); // the stall aborts this one after 5 s
    await msUntilXhr(7);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    expect(presign).toHaveBeenCalledTimes(1);
    expect(new Set(FakeXhr.all.map((xhr) => xhr.url)).size).toBe(1);
  });

  it('a 429 from storage with Retry-After waits that long before trying again', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { uploader, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(429, '', { 'Retry-After': '20' });
    const waited = await msUntilXhr(2);
    expect(waited).toBeGreaterThanOrEqual(20_000);
    expect(waited).toBeLessThan(21_000);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
  });

  it('a presign 429 with Retry-After (an HTTP date) waits until then; an absurd one is capped at 5 minutes', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let calls = 0;
    const fetch = vi.fn(async () => {
      calls++;
      if (calls === 1) return new Response('{}', { status: 429, headers: { 'Retry-After': new Date(Date.now() + 45_000).toUTCString() } });
      if (calls === 2) return new Response('{}', { status: 503, headers: { 'Retry-After': '99999999999' } });
      return new Response(JSON.stringify(nativeTarget()), { status: 200 });
    });
    vi.stubGlobal('fetch', fetch);
    // The refusal's words are read by a module loaded on the first refusal (presignRefusal.ts): loaded here already,
    // so that the fake clock does not jump minutes while the module loader works (a Retry-After in seconds counts from
    // when the refusal is read).
    await import('../../src/core/presignRefusal');
    const { uploader } = setup({ presign: '/presign' });
    await uploader.upload([png()]);
    await until(() => calls === 1);
    await vi.advanceTimersByTimeAsync(43_000);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(290_000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(15_000);
    await until(() => FakeXhr.all.length === 1);
    vi.unstubAllGlobals();
  });

  it('retries a failing presign (5xx) but not a 4xx one, and retry: false turns retries off', async () => {
    const failing = vi.fn(async () => {
      throw Object.assign(new Error('Service unavailable'), { status: 503 });
    });
    const { uploader, file } = setup({ presign: failing, retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    await uploader.upload([png()]);
    await vi.advanceTimersByTimeAsync(1000);
    await until(() => file().status === 'error');
    expect(failing).toHaveBeenCalledTimes(3);
    expect(file().error).toMatchObject({ code: 'presign-failed', status: 503 });

    const denied = vi.fn(async () => {
      throw Object.assign(new Error('Forbidden'), { status: 403 });
    });
    const second = setup({ presign: denied });
    await second.uploader.upload([png()]);
    await until(() => second.file().status === 'error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(denied).toHaveBeenCalledTimes(1);

    const third = setup({ retry: false });
    FakeXhr.all = [];
    await third.uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().fail();
    await until(() => third.file().status === 'error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeXhr.all).toHaveLength(1);
  });
});

describe('stall', () => {
  it('aborts an attempt with no progress for stallTimeoutMs as stalled, and retries it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { uploader, file } = setup({ stallTimeoutMs: 5000, retry: 1 });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    const first = FakeXhr.last();
    await vi.advanceTimersByTimeAsync(4000);
    first.progress(100, 1000); // progress resets the timer
    await vi.advanceTimersByTimeAsync(4000);
    expect(first.state).toBe('sent');
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.state).toBe('aborted');
    await msUntilXhr(2);
    await vi.advanceTimersByTimeAsync(5000);
    await untilPastOfflineWait(() => file().status === 'error');
    expect(file().error?.code).toBe('stalled');
    expect(file().error?.message).toContain('made no progress for 5 seconds');
  });
});

describe('a request the browser ends', () => {
  it('an XHR abort the uploader did not ask for (the user stopped the page) is a network error, tried again', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { uploader, file, onError } = setup({ retry: 1 });
    await uploader.upload([png('photo.png', 1000)]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().abort(); // an 'abort' event with the uploader's signal untouched
    await msUntilXhr(2);
    FakeXhr.last().abort();
    await untilPastOfflineWait(() => file().status === 'error');
    expect(file().error?.code).toBe('network-error');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(uploader.getSnapshot().isUploading).toBe(false);
  });
});

describe('expiry', () => {
  it("a new attempt starts at 0: the last attempt's progress, waiting for the next frame, is not written onto it", async () => {
    const { uploader, file } = setup();
    await uploader.upload([png('photo.png', 1000)]);
    await until(() => FakeXhr.all.length === 1);
    const first = FakeXhr.last();
    first.progress(900, 1000);
    first.respond(403, expiredXml); // in the same frame as the progress
    await until(() => FakeXhr.all.length === 2, 'the PUT after a second presign');
    await vi.advanceTimersByTimeAsync(200); // the frame delivers
    expect(file()).toMatchObject({ status: 'uploading', loaded: 0, progress: 0 });
  });

  it('a presign that never answers ends after presignTimeoutMs and is retried, even when the function ignores its signal', async () => {
    let calls = 0;
    const hanging = vi.fn(async () => {
      calls++;
      return calls === 1 ? new Promise<never>(() => {}) : nativeTarget();
    });
    const { uploader, file } = setup({ presign: hanging, presignTimeoutMs: 10_000, retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    await uploader.upload([png('a.png')]);
    await until(() => calls === 1);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(file().status).toBe('presigning');
    await vi.advanceTimersByTimeAsync(1_100);
    await until(() => FakeXhr.all.length === 1, 'the PUT after a second presign');
    expect(hanging).toHaveBeenCalledTimes(2);

    const stuck = setup({ presign: () => new Promise<never>(() => {}), presignTimeoutMs: 10_000, retry: false });
    await stuck.uploader.upload([png('b.png')]);
    await vi.advanceTimersByTimeAsync(10_100);
    await until(() => stuck.file().status === 'error');
    expect(stuck.file().error).toMatchObject({
      code: 'presign-failed',
      message: 'Could not get an upload link for b.png: the presign endpoint did not answer within 10 seconds.',
    });
  });

  it('presigns again before the PUT when the kept target has expired', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { uploader, presign, file } = setup({}, () => nativeTarget({ expiresAt: new Date(Date.now() + 1500).toISOString() }));
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().fail(); // kept target; retry after 1 s while it is still valid
    await msUntilXhr(2);
    expect(presign).toHaveBeenCalledTimes(1);
    FakeXhr.last().fail(); // next retry after 2 s: the target expired meanwhile
    await msUntilXhr(3);
    expect(presign).toHaveBeenCalledTimes(2);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
  });

  it('presigns again when the target will expire before the upload can finish at the measured speed', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { uploader, presign } = setup({}, () => nativeTarget({ expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    await uploader.upload([png('slow.png', 1_000_000)]);
    await until(() => FakeXhr.all.length === 1);
    const xhr = FakeXhr.last();
    xhr.progress(0, 1_000_000);
    await vi.advanceTimersByTimeAsync(2000);
    xhr.progress(20_000, 1_000_000); // 10 kB/s: the whole file needs 100 s, the URL has about 58 s left
    await vi.advanceTimersByTimeAsync(20);
    xhr.fail();
    await msUntilXhr(2);
    expect(presign).toHaveBeenCalledTimes(2);
  });

  it('presigns again once after a 403 "Request has expired", then reports upload-expired', async () => {
    const { uploader, presign, file, onError } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(403, expiredXml);
    await until(() => FakeXhr.all.length === 2);
    expect(presign).toHaveBeenCalledTimes(2);
    FakeXhr.last().respond(403, expiredXml);
    await until(() => file().status === 'error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(presign).toHaveBeenCalledTimes(2);
    expect(FakeXhr.all).toHaveLength(2);
    expect(file().error).toMatchObject({ code: 'upload-expired', status: 403 });
    expect(file().error?.message).toBe('The upload link for photo.png expired before the upload finished. Try again.');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it.each([
    [{ 'x-amz-error-code': 'ExpiredToken' }],
    [{ 'x-amz-error-code': 'AccessDenied', 'x-amz-error-message': 'Request has expired' }],
  ])('reads x-amz-error-* headers saying the request expired when the body is empty (%o)', async (headers) => {
    const { uploader, presign } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(403, '', headers);
    await until(() => FakeXhr.all.length === 2);
    expect(presign).toHaveBeenCalledTimes(2);
  });

  it('a 403 AccessDenied that is not about expiry is not presigned again', async () => {
    const { uploader, presign, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(403, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
    await until(() => file().status === 'error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(presign).toHaveBeenCalledTimes(1);
    expect(file().error).toMatchObject({ code: 'upload-failed', status: 403 });
  });

  it('reads an x-amz-error-code header saying the request expired', async () => {
    const { uploader, presign, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(403, '', { 'x-amz-error-code': 'ExpiredToken' });
    await until(() => FakeXhr.all.length === 2);
    expect(presign).toHaveBeenCalledTimes(2);
    FakeXhr.last().respond(403, expiredXml);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'upload-expired', status: 403 });
    expect(file().error?.message).toContain('expired');
  });
});

describe('storage errors', () => {
  it('explains SignatureDoesNotMatch as headers that did not match what was signed', async () => {
    const { uploader, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(403, '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>');
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'upload-failed', status: 403 });
    expect(file().error?.message).toMatch(/signature or headers did not match what was signed/);
  });

  it('a 2xx without any value to use is upload-failed', async () => {
    const { uploader, file } = setup({}, () => ({ uploadUrl: 'https://up.example.com/x', method: 'POST' }));
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(201, '{"ok":true}');
    await until(() => file().status === 'error');
    expect(file().error?.code).toBe('upload-failed');
  });
});
