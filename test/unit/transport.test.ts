import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendFile, valueFromResponse } from '../../src/core/transport';
import type { UploadTarget } from '../../src/core/types';
import { FakeXhr, png, useUploaderTestClock } from './helpers';

useUploaderTestClock();

const put: UploadTarget = {
  url: 'https://s3.example.com/k', method: 'PUT', headers: { 'Content-Type': 'image/png', 'x-amz-meta-a': 'B c' },
  fields: {}, fileField: 'file', value: 'https://cdn/k',
};

function send(target: UploadTarget, controller = new AbortController(), onProgress = vi.fn()) {
  const file = png('a.png', 1000);
  const promise = sendFile({
    target, file, type: file.type, signal: controller.signal, stallTimeoutMs: 1000, onProgress,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
  });
  return { promise, file, xhr: FakeXhr.last(), controller, onProgress };
}

describe('sendFile', () => {
  it('PUTs the File object with the headers verbatim and no credentials', async () => {
    const { promise, file, xhr } = send(put);
    expect(xhr.body).toBe(file);
    expect(xhr.requestHeaders).toEqual({ 'Content-Type': 'image/png', 'x-amz-meta-a': 'B c' });
    expect(xhr.withCredentials).toBe(false);
    xhr.respond(204);
    expect(await promise).toEqual({ ok: true, value: 'https://cdn/k' });
  });

  // The app's upload proxy (pruna) refuses in JSON, { error: { message } }: its words are shown, as S3's XML words are,
  // but only S3's own error (its XML or x-amz-error-*) tells an expired URL; a 403 "session expired" is the app's authorize.
  it.each([
    [502, 'provider-error', 'Could not reach pruna (ENOTFOUND).', 'Storage refused a.png with status 502 (Could not reach pruna (ENOTFOUND)). Try again in a moment.'],
    [403, 'forbidden', 'Your session has expired; sign in again.', 'Storage refused a.png with status 403 (Your session has expired; sign in again).'],
  ])('a JSON refusal %i keeps its words and is upload-failed, never an expired link', async (status, code, words, message) => {
    const { promise, xhr } = send({ ...put, method: 'POST', fields: {}, fileField: 'content' });
    xhr.respond(status, JSON.stringify({ error: { code, message: words } }));
    expect(await promise).toMatchObject({ ok: false, error: { code: 'upload-failed', status, message } });
  });

  it('a header the browser refuses ends as upload-failed with every listener removed, not as a throw', async () => {
    const controller = new AbortController();
    const xhr = new FakeXhr();
    xhr.setRequestHeader = () => {
      throw new SyntaxError("Failed to execute 'setRequestHeader': 'B\nc' is not a valid HTTP header field value.");
    };
    const result = await sendFile({
      target: { ...put, headers: { 'x-amz-meta-a': 'B\nc' } }, file: png('a.png', 1000), type: 'image/png',
      signal: controller.signal, stallTimeoutMs: 1000, onProgress: vi.fn(), createXhr: () => xhr as unknown as XMLHttpRequest,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'upload-failed', message: expect.stringContaining('could not be built') } });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(xhr.listenerCount).toBe(0);
    expect(xhr.upload.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes its listener from the AbortSignal when it ends', async () => {
    const controller = new AbortController();
    const { promise, xhr } = send(put, controller);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    xhr.respond(200);
    await promise;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an abort resolves as aborted and aborts the XHR; a signal already aborted sends nothing', async () => {
    const { promise, xhr, controller } = send(put);
    controller.abort();
    expect(await promise).toEqual({ ok: false, aborted: true });
    expect(xhr.state).toBe('aborted');
    expect(xhr.listenerCount).toBe(0);

    const done = new AbortController();
    done.abort();
    const count = FakeXhr.all.length;
    const result = await sendFile({
      target: put, file: png(), type: 'image/png', signal: done.signal, stallTimeoutMs: 1000, onProgress: vi.fn(),
      createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    });
    expect(result).toEqual({ ok: false, aborted: true });
    expect(FakeXhr.all).toHaveLength(count);
  });

  it('reports progress and clamps loaded to total', async () => {
    const { promise, xhr, onProgress } = send(put);
    xhr.progress(500, 1000);
    xhr.progress(1200, 1000);
    expect(onProgress.mock.calls).toEqual([[500, 1000], [1000, 1000]]);
    xhr.respond(200);
    await promise;
  });

  it('a stall ends as stalled after stallTimeoutMs without progress', async () => {
    const { promise, xhr } = send(put);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await promise).toMatchObject({ ok: false, error: { code: 'stalled' } });
    expect(xhr.state).toBe('aborted');
  });

  it.each([
    ['a status 0 load', (xhr: FakeXhr) => xhr.respond(0)],
    ['an error event', (xhr: FakeXhr) => xhr.fail()],
  ])('%s is a network error that mentions CORS', async (_, end) => {
    const { promise, xhr } = send(put);
    end(xhr);
    const result = await promise;
    expect(result).toMatchObject({ ok: false, error: { code: 'network-error' } });
    if (!result.ok && 'error' in result) expect(result.error.message).toContain("bucket's CORS configuration");
  });
});

describe('valueFromResponse', () => {
  it.each([
    ['{"urls":{"get":"a"},"data":{"publicUrl":"b"},"publicUrl":"c","url":"d"}', 'a'],
    ['{"data":{"publicUrl":"b"},"publicUrl":"c","url":"d"}', 'b'],
    ['{"publicUrl":"c","url":"d"}', 'c'],
    ['{"url":"d"}', 'd'],
    ['{"id":"x"}', null],
    ['<xml/>', null],
    ['', null],
    // JSON that is no object, or whose fields are not non-empty strings, has no value.
    ['null', null],
    ['[]', null],
    ['["https://cdn/x"]', null],
    ['"https://cdn/x"', null],
    ['5', null],
    ['{"urls":null,"data":null}', null],
    ['{"url":""}', null],
    ['{"url":"","publicUrl":"c"}', 'c'],
    ['{"urls":{"get":5},"url":"d"}', 'd'],
  ])('%s → %s', (body, value) => {
    expect(valueFromResponse(body)).toBe(value);
  });
});

describe('when the code that reads storage refusals cannot load (the app offline, a deploy that removed the chunk)', () => {
  afterEach(() => vi.doUnmock('../../src/core/storageError'));

  it('a 403 that says expired is still upload-expired (presigned again), a 503 still retryable, with the status', async () => {
    vi.doMock('../../src/core/storageError', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const expired = send(put);
    expired.xhr.respond(403, '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    expect(await expired.promise).toMatchObject({ ok: false, error: { code: 'upload-expired', status: 403, message: 'Storage refused a.png with status 403.' } });
    const busy = send(put);
    busy.xhr.respond(503, '');
    expect(await busy.promise).toMatchObject({ ok: false, error: { code: 'upload-failed', status: 503 } });
  });

  it('a request that never got an answer is still a network error (tried again), in a plain sentence', async () => {
    vi.doMock('../../src/core/storageError', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { xhr, promise } = send(put);
    xhr.fail();
    expect(await promise).toEqual({ ok: false, error: { code: 'network-error', message: 'Could not send a.png: storage could not be reached.' } });
  });
});
