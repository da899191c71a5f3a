// The worker that reads files' first bytes, for real (Chromium, Firefox ESR, WebKitGTK): once it is up, the bytes come
// back right and the main thread no longer slices the file. The handing back on failure: test/unit/readBytes.test.ts.
import { afterEach, expect, test, vi } from 'vitest';
import { prepareFile } from '../../src/core/media/prepareFile';
import { readBytes, startReader } from '../../src/core/readBytes';
import { concat, PNG_SIGNATURE, pngChunk } from '../unit/media/mediaBytes';

afterEach(() => {
  vi.restoreAllMocks();
});

test('first bytes are read in a worker once it is up: the right bytes, and no Blob.slice on the main thread', async () => {
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 251);
  const file = new File([bytes], 'clip.bin', { type: 'video/mp4' });
  const slice = vi.spyOn(Blob.prototype, 'slice');
  startReader();
  // It boots in tens of ms: until then, reads are done here.
  await vi.waitFor(
    async () => {
      slice.mockClear();
      expect(await readBytes(file, 0, 64)).toEqual(bytes.subarray(0, 64));
      expect(slice).not.toHaveBeenCalled();
    },
    { timeout: 10_000, interval: 50 },
  );
  // Through the worker: a 64 KB head of a large file, a file shorter than asked, a window, and many reads at once.
  expect(await readBytes(file, 0, 65_536)).toEqual(bytes.subarray(0, 65_536));
  expect(await readBytes(new File([bytes.subarray(0, 10)], 'short.bin'), 0, 64)).toEqual(bytes.subarray(0, 10));
  // A window further on, as the metadata walk reads a PNG's chunk headers.
  expect(await readBytes(file, 150_000, 150_100)).toEqual(bytes.subarray(150_000, 150_100));
  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => readBytes(new Blob([bytes.subarray(i * 100)]), 0, 50)));
  many.forEach((head, i) => expect(head).toEqual(bytes.subarray(i * 100, i * 100 + 50)));
  expect(slice).not.toHaveBeenCalled();
  // The file is still whole and readable here afterwards (it was posted, not transferred).
  expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
});

test('a metadata walk through a PNG of small chunks reads in the worker too: no Blob.slice on the main thread', async () => {
  const ihdr = pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0));
  const idat = pngChunk('IDAT', new Uint8Array(4096));
  const bytes = concat(PNG_SIGNATURE, ihdr, ...Array.from({ length: 500 }, () => idat), pngChunk('IEND', new Uint8Array(0)));
  const png = new File([bytes as Uint8Array<ArrayBuffer>], 'canvas.png', { type: 'image/png' });
  const slice = vi.spyOn(Blob.prototype, 'slice');
  startReader();
  await vi.waitFor(
    async () => {
      slice.mockClear();
      expect(await readBytes(png, 0, 64)).not.toBeNull();
      expect(slice).not.toHaveBeenCalled();
    },
    { timeout: 10_000, interval: 50 },
  );
  // 2 MB of 4 KB chunks walked to IEND: nothing to remove, so the file itself goes on, unsliced.
  const prepared = await prepareFile(png, 'image/png', undefined, new AbortController().signal);
  expect(prepared.file).toBe(png);
  expect(slice).not.toHaveBeenCalled();
});
