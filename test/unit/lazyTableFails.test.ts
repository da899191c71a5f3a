// The magic-byte table (detectMime.ts) is a lazy chunk. When it cannot load, checks fail closed: no file that says it
// is media goes out unchecked by its bytes.
import { expect, it, vi } from 'vitest';
import { sniffMime } from '../../src/core/sniff';
import { png, setup, until } from './helpers';

vi.mock('../../src/core/detectMime', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

it('when the byte table cannot load, a real PNG is refused as file-invalid-type and never presigned', async () => {
  const { uploader, onError, presign } = setup({ multiple: true });
  await uploader.upload([png('a.png'), png('b.png')]);
  await until(() => uploader.getSnapshot().files.every((f) => f.status === 'error'), 'both files to be refused');
  expect(uploader.getSnapshot().files.map((f) => f.error!.code)).toEqual(['file-invalid-type', 'file-invalid-type']);
  expect(onError).toHaveBeenCalledTimes(2);
  expect(presign).not.toHaveBeenCalled();
  uploader.destroy();
});

it('when the byte table cannot load, sniffMime shows no type (the declared one is not taken for the bytes)', async () => {
  await expect(sniffMime(png('a.png'))).resolves.toBeNull();
});
