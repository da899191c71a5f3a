// The store's methods are plain functions of the uploader: an app may pass them around as callbacks (array methods,
// event handlers), where they are called with more arguments than their own and without `this`.
import { expect, it } from 'vitest';
import { createUploader } from '../../src/index';
import { FakeXhr, nativeTarget, png, until, useUploaderTestClock } from './helpers';

useUploaderTestClock();

it('getFile passed to map (called with an index and the array) still looks each file up by its id', async () => {
  const uploader = createUploader({
    presign: async () => nativeTarget(),
    multiple: true,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
  });
  await uploader.upload([png('a.png'), png('b.png')]);
  await until(() => uploader.getSnapshot().files.length === 2);
  const ids = uploader.getSnapshot().files.map((file) => file.id);
  expect(ids.map(uploader.getFile).map((file) => file?.name)).toEqual(['a.png', 'b.png']);
  expect(['gone', 'also-gone'].map(uploader.getFile)).toEqual([undefined, undefined]);
  const { getSnapshot, getFile } = uploader;
  expect(getFile(ids[1]!)).toBe(getSnapshot().files[1]);
  uploader.destroy();
});
