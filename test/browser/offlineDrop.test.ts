// A short drop of the connection, as the browser reports it (window `offline`, then `online`), within a failed
// upload's backoff: its failure spends no retry (driveUpload.ts). A train's tunnel shorter than the backoff used one.
// In the last attempt, the `offline` event may come after the request's error: the file waits for the network then.
import { afterEach, expect, it, vi } from 'vitest';
import { createUploader } from '../../src/index';
import { FakeXhr, nativeTarget, png } from '../unit/helpers';

afterEach(() => {
  window.dispatchEvent(new Event('online'));
  vi.restoreAllMocks();
});

it('a failure followed by a 100 ms drop of the connection, back before its backoff ends, keeps its retry', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // backoffs of 500 ms
  FakeXhr.all = [];
  const onError = vi.fn();
  const uploader = createUploader({
    presign: async () => nativeTarget(),
    retry: 1,
    onError,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
  });
  const file = () => uploader.getSnapshot().files[0]!;
  await uploader.upload([png('train.png')]);
  await expect.poll(() => FakeXhr.all.length).toBe(1);
  // The error comes first, then the browser says the connection dropped, and that it is back.
  FakeXhr.last().fail();
  window.dispatchEvent(new Event('offline'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  window.dispatchEvent(new Event('online'));
  await expect.poll(() => FakeXhr.all.length, { timeout: 5000 }).toBe(2);
  // Online all along now: this failure spends the one retry, the next one ends the file.
  FakeXhr.last().fail();
  await expect.poll(() => FakeXhr.all.length, { timeout: 5000 }).toBe(3);
  expect(file().error).toBeNull();
  FakeXhr.last().fail();
  // After the moment a last attempt gives the browser to say it went offline (3 s, driveUpload).
  await expect.poll(() => file().status, { timeout: 8000 }).toBe('error');
  expect(file().error?.code).toBe('network-error');
  expect(onError).toHaveBeenCalledTimes(1);
  uploader.destroy();
});

it("a network error in the last attempt whose offline event comes a second later waits for the network, then goes on", async () => {
  FakeXhr.all = [];
  const onError = vi.fn();
  const uploader = createUploader({
    presign: async () => nativeTarget(),
    retry: { retries: 1, baseDelayMs: 0, maxDelayMs: 0 },
    onError,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
  });
  const file = () => uploader.getSnapshot().files[0]!;
  await uploader.upload([png('tunnel.png')]);
  await expect.poll(() => FakeXhr.all.length).toBe(1);
  FakeXhr.last().respond(500);
  await expect.poll(() => FakeXhr.all.length, { timeout: 5000 }).toBe(2);
  // The last attempt: its error first, the browser's offline event a second later (Chromium waits up to 2 s).
  FakeXhr.last().fail();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  window.dispatchEvent(new Event('offline'));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(file()).toMatchObject({ status: 'uploading', error: null });
  expect(FakeXhr.all).toHaveLength(2);
  window.dispatchEvent(new Event('online'));
  await expect.poll(() => FakeXhr.all.length, { timeout: 5000 }).toBe(3);
  FakeXhr.last().respond(200);
  await expect.poll(() => file().status, { timeout: 5000 }).toBe('done');
  expect(onError).not.toHaveBeenCalled();
  uploader.destroy();
}, 15_000);
