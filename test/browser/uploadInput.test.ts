// uploadInput in a real browser against the loopback storage (globalSetup.ts), for what only a browser has: a FileList.
import { expect, expectTypeOf, inject, test } from 'vitest';
import { uploadInput } from '../../src/core/uploadInput';
import { png, presignVia } from './fixtures';

test("a FileList (an input's files, a drop's dataTransfer.files) is uploaded and comes back as an array of URLs", async () => {
  await fetch(`${inject('storageOrigin')}/reset`, { method: 'POST' });
  const picked = new DataTransfer();
  picked.items.add(png('first.png', 2000));
  picked.items.add(png('second.png', 3000));
  const input = { prompt: 'two doors', images: picked.files };

  const result = await uploadInput(input, { presign: presignVia('native') });

  // Left in the result, the FileList went to the model as {"0":{},"1":{}}: nothing uploaded, nothing said.
  const url = (name: string) => expect.stringMatching(new RegExp(`^${inject('storageOrigin')}/public/[\\w-]+-${name}\\.png$`));
  expect(result).toEqual({ prompt: 'two doors', images: [url('first'), url('second')] });
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  expectTypeOf(result.images).toEqualTypeOf<string[]>();
  expect(input.images).toBe(picked.files);
  const stored = (await (await fetch(`${inject('storageOrigin')}/stats`)).json()).stored as Record<string, number>;
  expect(Object.values(stored).sort()).toEqual([2000, 3000]);
});
