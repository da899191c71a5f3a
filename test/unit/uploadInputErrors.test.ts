// What uploadInput's rejections say: a nameless Blob's error names its place in the input (mask, images[2]), not the
// upload.png it is presigned as.
import { expect, it, vi } from 'vitest';
import { uploadInput } from '../../src/core/uploadInput';
import { FakeXhr, MAGIC, namelessPng as nameless, png, until, uploadInputSeams } from './helpers';

const { createXhr, presign } = uploadInputSeams();

it.each([
  ['mask', (blob: Blob) => ({ prompt: 'a door', mask: blob })],
  ['images[2]', (blob: Blob) => ({ images: [png('a.png', 500), png('b.png', 500), blob] })],
  ['steps[0].mask', (blob: Blob) => ({ steps: [{ mask: blob }] })],
  ['["reference image"]', (blob: Blob) => ({ 'reference image': blob })],
])("a nameless Blob's refusal names where it is in the input: %s", async (path, inputOf) => {
  const failure = await uploadInput(inputOf(nameless(1000)), { presign: presign(), retry: false, maxSize: 600, createXhr } as never).catch((e: unknown) => e);
  // It read "upload.png is 1000 bytes; …": no such file exists for the app's user.
  expect(failure).toEqual({ code: 'file-too-large', message: `${path} is 1000 bytes; the limit is 600 bytes.` });
});

it("a nameless Blob refused by storage is named by its place, under the name its preparation gave it too (upload.jpg)", async () => {
  const jpeg = new Blob([new Uint8Array([...MAGIC.jpeg!, ...new Array(500).fill(0)])], { type: 'image/jpeg' });
  const transform = async () => jpeg; // the app's own step turns the PNG mask into a JPEG
  const ask = presign();
  const onError = vi.fn();
  const options = { presign: ask, retry: false, prepare: { transform, stripMetadata: false }, onError, createXhr };
  const pending = uploadInput({ mask: nameless(1000) }, options as never);
  await until(() => FakeXhr.open.length === 1, 'one upload');
  expect(ask.mock.calls[0]![0].filename).toBe('upload.jpg');
  FakeXhr.open[0]!.respond(403);
  const refused = { code: 'upload-failed', status: 403, message: 'Storage refused mask with status 403.' };
  await expect(pending).rejects.toMatchObject(refused);
  // The app's onError hears the same sentence.
  expect(onError).toHaveBeenCalledWith(expect.objectContaining(refused), expect.objectContaining({ status: 'error' }));
});

it('a named File is still named by its own name', async () => {
  const failure = await uploadInput({ image: png('door.png', 1000) }, { presign: presign(), retry: false, maxSize: 600, createXhr } as never).catch((e: unknown) => e);
  expect(failure).toEqual({ code: 'file-too-large', message: 'door.png is 1000 bytes; the limit is 600 bytes.' });
});
