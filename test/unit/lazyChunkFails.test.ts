// A lazy chunk that fails to load (a deploy replaced it, the connection dropped) ends the upload as data on each file,
// with onError and a Retry: no file is left waiting in its check.
import { expect, it, vi } from 'vitest';
import { nativeTarget, png, setup, until, useFakeClock } from './helpers';

vi.mock('../../src/core/prepareStep', () => {
  throw new Error('Failed to fetch dynamically imported module');
});
vi.mock('../../src/core/validateFile', () => {
  throw new Error('Failed to fetch dynamically imported module');
});
vi.mock('../../src/core/presignRefusal', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

it('when the preparation code cannot load, every PNG ends in a retryable error and onError hears each', async () => {
  const { uploader, onError, presign } = setup({ multiple: true });
  await uploader.upload([png('a.png'), png('b.png'), png('c.png')]);
  await until(() => uploader.getSnapshot().files.every((f) => f.status === 'error'), 'every file to end');
  expect(uploader.getSnapshot().files.map((f) => f.error!.code)).toEqual(['upload-failed', 'upload-failed', 'upload-failed']);
  expect(onError).toHaveBeenCalledTimes(3);
  expect(presign).not.toHaveBeenCalled();
  uploader.destroy();
});

it('when the sentences\' code cannot load, a file that says it is media but whose bytes match no format is still refused', async () => {
  const { uploader, onError, presign } = setup({ multiple: true });
  const disguised = new File(['just some text, no GIF at all'], 'fake.gif', { type: 'image/gif' });
  await uploader.upload([disguised]);
  await until(() => uploader.getSnapshot().files[0]!.status === 'error', 'the file to be refused');
  expect(uploader.getSnapshot().files[0]!.error).toMatchObject({ code: 'file-invalid-type', message: 'fake.gif was not accepted.' });
  expect(onError).toHaveBeenCalledTimes(1);
  expect(presign).not.toHaveBeenCalled();
  uploader.destroy();
});

it('when the presign refusal\'s code cannot load, a plain sentence keeps the status, and a 5xx is still tried again', async () => {
  let calls = 0;
  const answers = [new Response('{"error":"busy"}', { status: 503 }), Response.json({ error: 'Quota exceeded' }), Response.json(nativeTarget())];
  // No metadata removal: this file's preparation code cannot load either.
  const { uploader, file } = setup({ presign: async () => answers[calls++]!, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 }, prepare: { stripMetadata: false } });
  await uploader.upload([png('a.png')]);
  await until(() => file().status === 'error', 'the refused presign to end the file');
  expect(calls).toBe(2); // the 503 was tried again; the 200 that says no is final
  expect(file().error).toMatchObject({ code: 'presign-failed', status: 200, message: 'The presign request for a.png failed.' });
  uploader.destroy();
});

it('when the presign refusal\'s code cannot load, a 429 still waits for its Retry-After', async () => {
  useFakeClock();
  try {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let calls = 0;
    const answer = () => (++calls === 1 ? new Response('{}', { status: 429, headers: { 'Retry-After': '20' } }) : Response.json(nativeTarget()));
    const { uploader } = setup({ presign: async () => answer(), prepare: { stripMetadata: false } });
    await uploader.upload([png('a.png')]);
    await until(() => calls === 1);
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(19_000);
    expect(calls).toBe(1); // the backoff alone would have tried again after 0.5 s
    await vi.advanceTimersByTimeAsync(2_000);
    await until(() => calls === 2, 'the second presign');
    uploader.destroy();
  } finally {
    vi.useRealTimers();
    vi.restoreAllMocks();
  }
});
