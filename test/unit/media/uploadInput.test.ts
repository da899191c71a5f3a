// uploadInput over the real core with a fake XHR (the core's one test seam): every File/Blob of a prediction
// input replaced by its value, total progress, first error wins after the others are canceled, abort by signal.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { uploadInput, type UploadInputOptions } from '../../../src/core/uploadInput';
import type { PresignRequest } from '../../../src/core/types';
import { FakeXhr, MAGIC, mediaFile, nativeTarget, png, until } from '../helpers';

beforeEach(() => {
  FakeXhr.all = [];
});
afterEach(() => vi.restoreAllMocks());

/** Options with a presign that answers a public URL named after the file, over FakeXhr. */
function options(extra: Partial<UploadInputOptions> = {}) {
  const presign = vi.fn(async (req: PresignRequest) => nativeTarget({ publicUrl: `https://cdn.example.com/${req.filename}` }));
  // createXhr is the core's test seam (an internal option after the engine rewrite), passed through untouched.
  const all = { presign, retry: false, createXhr: () => new FakeXhr() as unknown as XMLHttpRequest, ...extra } as UploadInputOptions;
  return { presign, options: all };
}

test('every File and Blob, at any depth, is replaced by its URL in a new object; the input is untouched', async () => {
  const photo = png('face.png', 2000);
  const mask = new Blob([new Uint8Array([...MAGIC.png!, ...new Array(500).fill(0)])]); // no name, no type
  const snapshot = new Blob([new Uint8Array([...MAGIC.jpeg!, ...new Array(300).fill(0)])], { type: 'image/jpeg' });
  const when = new Date('2026-12-04T10:00:00Z');
  const input = { prompt: 'a cat', steps: 30, when, image: photo, extra: { masks: [mask, null], again: photo }, refs: [[snapshot]] };
  const { presign, options: opts } = options();

  const pending = uploadInput(input, opts);
  await until(() => FakeXhr.open.length === 3, 'three uploads');
  for (const xhr of FakeXhr.open) xhr.respond(200);
  const result = await pending;

  expect(result).toEqual({
    prompt: 'a cat',
    steps: 30,
    when,
    image: 'https://cdn.example.com/face.png',
    extra: { masks: ['https://cdn.example.com/upload.png', null], again: 'https://cdn.example.com/face.png' },
    refs: [['https://cdn.example.com/upload.jpg']],
  });
  expect(result.when).toBe(when);
  expect(input.image).toBe(photo);
  expect(input.extra.masks[0]).toBe(mask);
  // The same File twice is sent once; a nameless Blob is named and typed from its bytes.
  // Each file starts when its own bytes are checked, so presign order is not pick order: compare by name.
  const byName = (a: { filename: string }, b: { filename: string }) => a.filename.localeCompare(b.filename);
  expect(presign.mock.calls.map(([req]) => req).sort(byName)).toEqual([
    expect.objectContaining({ filename: 'face.png', contentType: 'image/png', size: 2000 }),
    expect.objectContaining({ filename: 'upload.jpg', contentType: 'image/jpeg', size: snapshot.size }),
    expect.objectContaining({ filename: 'upload.png', contentType: 'image/png', size: mask.size }),
  ]);
});

test('total progress over all files, ending at the sum of their sizes', async () => {
  const onProgress = vi.fn();
  const pending = uploadInput([png('a.png', 1000), png('b.png', 3000)], options({ onProgress }).options);
  await until(() => FakeXhr.open.length === 2, 'two uploads');
  const [a, b] = FakeXhr.open;
  a!.progress(500, 1000);
  b!.progress(1500, 3000);
  // Progress reaches listeners once per frame (a timer in Node): wait for it, not for a fixed number of ticks.
  await vi.waitFor(() => expect(onProgress).toHaveBeenLastCalledWith({ loaded: 2000, total: 4000 }));
  a!.respond(200);
  b!.respond(200);
  expect(await pending).toEqual(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']);
  const seen = onProgress.mock.calls.map(([p]) => p);
  expect(seen.every((p) => p.total === 4000)).toBe(true);
  expect(seen.map((p) => p.loaded)).toEqual([...seen.map((p) => p.loaded)].sort((x, y) => x - y));
  expect(seen.at(-1)).toEqual({ loaded: 4000, total: 4000 });
});

test('the first UploadError rejects, after the other uploads are aborted', async () => {
  const pending = uploadInput({ a: png('a.png', 1000), b: png('b.png', 1000) }, options().options);
  await until(() => FakeXhr.open.length === 2, 'two uploads');
  const [a, b] = FakeXhr.open;
  b!.respond(403, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
  await expect(pending).rejects.toMatchObject({ code: 'upload-failed', status: 403, message: expect.stringContaining('b.png') });
  expect(a!.state).toBe('aborted');
});

test('a file the checks refuse rejects with its code and sentence; nothing is stored', async () => {
  const { options: opts } = options({ maxSize: 1500 });
  await expect(uploadInput({ image: png('big.png', 2000), other: png('small.png', 1000) }, opts)).rejects.toMatchObject({
    code: 'file-too-large',
    message: expect.stringContaining('big.png'),
  });
  expect(FakeXhr.all.filter((x) => x.state === 'done')).toEqual([]);
});

test('aborting the signal aborts every upload and rejects with its reason', async () => {
  const controller = new AbortController();
  const pending = uploadInput([png('a.png'), mediaFile('v.mp4', 'video/mp4', MAGIC.mp4, 5000)], options({ signal: controller.signal }).options);
  await until(() => FakeXhr.open.length === 2, 'two uploads');
  const xhrs = [...FakeXhr.open];
  controller.abort(new DOMException('The user left', 'AbortError'));
  await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'The user left' });
  expect(xhrs.map((x) => x.state)).toEqual(['aborted', 'aborted']);
});

test('an input without files comes back as a copy, with no request', async () => {
  const input = { prompt: 'hi', list: [1, { n: 2 }] };
  const { presign, options: opts } = options();
  const result = await uploadInput(input, opts);
  expect(result).toEqual(input);
  expect(result).not.toBe(input);
  expect(result.list[1]).not.toBe(input.list[1]);
  expect(presign).not.toHaveBeenCalled();
});

test("options shared with a widget bring none of its field state: a disabled field's options still upload", async () => {
  const onChange = vi.fn();
  const shared = { ...options().options, disabled: true, defaultValue: ['https://cdn.example.com/old.png'], onChange } as UploadInputOptions;
  const pending = uploadInput({ image: png('new.png') }, shared);
  await until(() => FakeXhr.open.length === 1, 'one upload');
  FakeXhr.open[0]!.respond(200);
  expect(await pending).toEqual({ image: 'https://cdn.example.com/new.png' });
  expect(onChange).not.toHaveBeenCalled();
});
