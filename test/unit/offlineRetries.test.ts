// A failure the network's absence explains spends no retry: a train's connection that drops again and again must not
// use up a file's retries (driveUpload.ts). Online, failures count as before.
import { onlineManager } from '@tanstack/query-core';
import { afterEach, expect, it, vi, type Mock } from 'vitest';
import type { UploadFile } from '../../src/index';
import { FakeXhr, nativeTarget, png, setup, until, untilPastOfflineWait, useUploaderTestClock } from './helpers';

useUploaderTestClock();
afterEach(() => {
  onlineManager.setOnline(true);
  vi.restoreAllMocks();
});

/** One file with `retry: 1` whose one retry a server error spent, online: its second request is its last attempt. */
async function inLastAttempt() {
  vi.spyOn(Math, 'random').mockReturnValue(0); // a backoff of 500 ms
  const uploaderAndSpies = setup({ retry: 1 });
  await uploaderAndSpies.uploader.upload([png()]);
  await until(() => FakeXhr.all.length === 1);
  FakeXhr.last().respond(500);
  await vi.advanceTimersByTimeAsync(1000);
  await until(() => FakeXhr.all.length === 2, 'the one retry');
  return uploaderAndSpies;
}

/**
 * The last attempt's request fails online, with no `offline` event after it (a server down): once its moment to hear
 * one has passed, the file ends with the network error, said once, and no request follows (`requests` made in all).
 */
async function lastAttemptFails(file: () => UploadFile, onError: Mock, requests: number): Promise<void> {
  FakeXhr.last().fail();
  await untilPastOfflineWait(() => file().status === 'error', 'the end of the last attempt');
  expect(file().error?.code).toBe('network-error');
  expect(onError).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(FakeXhr.all).toHaveLength(requests);
}

/** The failure of the last request has been handled: its listeners are gone and its retry is scheduled. */
async function failed(): Promise<void> {
  const xhr = FakeXhr.last();
  xhr.fail();
  await until(() => xhr.listenerCount === 0, 'the failure to be handled');
  await vi.advanceTimersByTimeAsync(100); // the backoff is 500 ms (Math.random is 0)
}

it('network errors while offline, or just before going offline, spend no retry; online ones still do', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
  const { uploader, file, onError } = setup({ retry: 1 });
  await uploader.upload([png()]);
  await until(() => FakeXhr.all.length === 1);
  // Three drops: offline and then the error, the error and then offline, and offline first again.
  for (const [sent, offlineFirst] of [[1, true], [2, false], [3, true]] as const) {
    if (offlineFirst) onlineManager.setOnline(false);
    await failed();
    onlineManager.setOnline(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeXhr.all).toHaveLength(sent);
    expect(file().status).toBe('uploading');
    onlineManager.setOnline(true);
    await until(() => FakeXhr.all.length === sent + 1, 'the retry once back online');
  }
  // Online, a failure counts: its one retry, then the error.
  await failed();
  await vi.advanceTimersByTimeAsync(1000);
  await until(() => FakeXhr.all.length === 5, 'the one retry');
  await lastAttemptFails(file, onError, 5);
  uploader.destroy();
});

it('a drop shorter than the backoff spends no retry either, whether it began before or after the error', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // backoffs of 500 ms
  const { uploader, file, onError } = setup({ retry: 1 });
  await uploader.upload([png()]);
  await until(() => FakeXhr.all.length === 1);
  // A tunnel of 100 ms: offline, the error, online again 400 ms before the backoff ends.
  onlineManager.setOnline(false);
  await failed();
  onlineManager.setOnline(true);
  await vi.advanceTimersByTimeAsync(1000);
  await until(() => FakeXhr.all.length === 2, 'the retry after the backoff');
  // The error first, then a drop of 100 ms within its backoff.
  await failed();
  onlineManager.setOnline(false);
  onlineManager.setOnline(true);
  await vi.advanceTimersByTimeAsync(1000);
  expect(file().error).toBeNull();
  await until(() => FakeXhr.all.length === 3, 'the retry after the second drop');
  // A drop of 100 ms in the middle of the attempt, and its error once back online.
  onlineManager.setOnline(false);
  await vi.advanceTimersByTimeAsync(100);
  onlineManager.setOnline(true);
  await failed();
  await vi.advanceTimersByTimeAsync(1000);
  expect(file().error).toBeNull();
  await until(() => FakeXhr.all.length === 4, 'the retry after the third drop');
  expect(file().status).toBe('uploading');
  expect(onError).not.toHaveBeenCalled();
  // With the network up all along, a server error spends the one retry, and the next ends the file.
  FakeXhr.last().respond(500);
  await vi.advanceTimersByTimeAsync(1000);
  await until(() => FakeXhr.all.length === 5, 'the one retry of the server error');
  FakeXhr.last().respond(500);
  await until(() => file().status === 'error', 'the error once the retry is spent');
  expect(file().error?.status).toBe(500);
  expect(onError).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(FakeXhr.all).toHaveLength(5);
  uploader.destroy();
});

it('a network error while offline in the last attempt waits for the network instead of ending the file', async () => {
  const { uploader, file, onError } = await inLastAttempt();
  // The last attempt: the train enters a tunnel, and the request fails.
  onlineManager.setOnline(false);
  await failed();
  await vi.advanceTimersByTimeAsync(60_000);
  expect(file()).toMatchObject({ status: 'uploading', error: null });
  expect(FakeXhr.all).toHaveLength(2); // nothing starts offline
  onlineManager.setOnline(true);
  await until(() => FakeXhr.all.length === 3, 'the attempt once back online');
  // Online, that attempt is still the last one.
  FakeXhr.last().respond(500);
  await until(() => file().status === 'error', 'the end of the last attempt');
  expect(onError).toHaveBeenCalledTimes(1);
  uploader.destroy();
});

it('with retry: false a network error while offline still ends the file', async () => {
  const { uploader, file } = setup({ retry: false });
  await uploader.upload([png()]);
  await until(() => FakeXhr.all.length === 1);
  onlineManager.setOnline(false);
  FakeXhr.last().fail();
  await until(() => file().status === 'error', 'the end of its only attempt');
  expect(file().error?.code).toBe('network-error');
  uploader.destroy();
});

it('a network error in the last attempt that comes before the offline event (as Chromium sends them) waits for the network too', async () => {
  const { uploader, file, onError } = await inLastAttempt();
  // The last attempt: the request fails as the train enters a tunnel, and the browser says so two seconds later.
  const xhr = FakeXhr.last();
  xhr.fail();
  await until(() => xhr.listenerCount === 0, 'the failure to be heard');
  await vi.advanceTimersByTimeAsync(2000);
  onlineManager.setOnline(false);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(file()).toMatchObject({ status: 'uploading', error: null });
  expect(onError).not.toHaveBeenCalled();
  expect(FakeXhr.all).toHaveLength(2);
  onlineManager.setOnline(true);
  await until(() => FakeXhr.all.length === 3, 'the attempt once back online');
  // Still the last one: a network error that no offline event follows (a server down) ends it after that moment.
  await lastAttemptFails(file, onError, 3);
  uploader.destroy();
});

it('a final failure with no HTTP answer after a retry ends the file at once: only a retryable one waits for an offline event', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // a backoff of 500 ms
  let calls = 0;
  // The first presign throws (retried), the second answers no target (final, no HTTP status: an app's function).
  const { uploader, file, onError } = setup({ retry: 1 }, () => {
    if (calls++ === 0) throw new TypeError('Failed to fetch');
    return {};
  });
  await uploader.upload([png()]);
  await vi.advanceTimersByTimeAsync(1000);
  await until(() => calls === 2, 'the second presign');
  await until(() => file().status === 'error', 'the error without waiting for an offline event');
  expect(file().error?.code).toBe('presign-invalid-response');
  expect(onError).toHaveBeenCalledTimes(1);
  uploader.destroy();
});

it('a last attempt begun offline (an expired target presigned again after the offline event) waits for the network', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0); // a backoff of 500 ms
  // A presign sent offline fails as fetch does then: no HTTP answer.
  const { uploader, file, onError } = setup({ retry: 1 }, () => {
    if (!onlineManager.isOnline()) throw new TypeError('Failed to fetch');
    return nativeTarget();
  });
  await uploader.upload([png()]);
  await until(() => FakeXhr.all.length === 1);
  FakeXhr.last().respond(500);
  await vi.advanceTimersByTimeAsync(1000);
  await until(() => FakeXhr.all.length === 2, 'the one retry');
  // The last attempt: the browser says it went offline, then storage's answer that the target expired comes in. Its new
  // presign begins offline and fails at once; no offline event follows that failure, the one there was came before.
  onlineManager.setOnline(false);
  FakeXhr.last().respond(403, '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
  await vi.advanceTimersByTimeAsync(60_000);
  expect(file()).toMatchObject({ status: 'presigning', error: null });
  expect(onError).not.toHaveBeenCalled();
  onlineManager.setOnline(true);
  await until(() => FakeXhr.all.length === 3, 'the upload once back online');
  FakeXhr.last().respond(200);
  await until(() => file().status === 'done');
  expect(onError).not.toHaveBeenCalled();
  uploader.destroy();
});
