// A lazy chunk that fails to load (a deploy replaced it, the connection dropped) ends the upload as data on each file,
// with onError and a Retry: no file is left waiting in its check.
import { expect, it, vi } from 'vitest';
import { png, setup, until } from './helpers';

vi.mock('../../src/core/prepareStep', () => {
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
