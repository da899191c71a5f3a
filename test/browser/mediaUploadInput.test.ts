// uploadInput in a real browser against the loopback storage (globalSetup.ts): a prediction input holding a photo
// and a nameless canvas mask comes back with URLs; storage holds exactly the bytes that were presigned.
import { expect, inject, test } from 'vitest';
import type { PresignRequest } from '../../src/core/types';
import { uploadInput } from '../../src/core/uploadInput';
import { wav } from '../unit/media/mediaBytes';
import { presignVia } from './fixtures';

async function canvasBlob(width: number, height: number, type: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#0a0';
  context.fillRect(0, 0, width / 2, height);
  return canvas.convertToBlob({ type });
}

async function stats(): Promise<{ requests: string[]; stored: Record<string, number> }> {
  return (await fetch(`${inject('storageOrigin')}/stats`)).json();
}

test('a photo and a nameless canvas mask are uploaded and replaced by their URLs; storage holds what was presigned', async () => {
  await fetch(`${inject('storageOrigin')}/reset`, { method: 'POST' });
  const photo = new File([await canvasBlob(640, 480, 'image/jpeg')], 'photo.jpg', { type: 'image/jpeg' });
  const mask = await canvasBlob(640, 480, 'image/png');
  const presigned: PresignRequest[] = [];
  const native = presignVia('native');
  const progress: { loaded: number; total: number }[] = [];
  const input = { prompt: 'a green door', image: photo, masks: [mask], seed: 42 };

  const result = await uploadInput(input, {
    presign: (request, ctx) => (presigned.push(request), native(request, ctx)),
    onProgress: (p) => progress.push(p),
  });

  const origin = inject('storageOrigin');
  expect(result).toEqual({
    prompt: 'a green door',
    image: expect.stringMatching(new RegExp(`^${origin}/public/[\\w-]+-photo\\.jpg$`)),
    masks: [expect.stringMatching(new RegExp(`^${origin}/public/[\\w-]+-upload\\.png$`))],
    seed: 42,
  });
  expect(input.masks[0]).toBe(mask);
  expect(presigned.map(({ filename, contentType, fileType }) => ({ filename, contentType, fileType })).sort((a, b) => a.filename.localeCompare(b.filename))).toEqual([
    { filename: 'photo.jpg', contentType: 'image/jpeg', fileType: 'image' },
    { filename: 'upload.png', contentType: 'image/png', fileType: 'image' },
  ]);
  // What storage received is byte for byte the size that was presigned; the total progress is the input's bytes.
  const stored = (await stats()).stored;
  for (const request of presigned) {
    const key = Object.keys(stored).find((k) => k.endsWith(`-${request.filename}`));
    expect(stored[key!], request.filename).toBe(request.size);
  }
  const total = photo.size + mask.size;
  expect(progress.at(-1)).toEqual({ loaded: total, total });
});

test("a photo resized on its way: the total is the input's bytes from first report to last, and never moves back", async () => {
  await fetch(`${inject('storageOrigin')}/reset`, { method: 'POST' });
  const small = new File([await canvasBlob(64, 48, 'image/png')], 'small.png', { type: 'image/png' });
  const large = new File([await canvasBlob(3000, 2000, 'image/png')], 'large.png', { type: 'image/png' });
  const presigned: PresignRequest[] = [];
  const native = presignVia('native');
  const progress: { loaded: number; total: number }[] = [];

  await uploadInput({ images: [small, large] }, {
    presign: (request, ctx) => (presigned.push(request), native(request, ctx)),
    prepare: { resizeImage: { maxWidth: 300, type: 'image/jpeg' } },
    concurrency: 1,
    onProgress: (p) => progress.push(p),
  });

  // large.png went as a 300 px JPEG, a fraction of its size: the total was 3 times the input's, then shrank to it.
  expect(presigned.find((r) => r.filename === 'large.jpg')!.size).toBeLessThan(large.size / 4);
  const total = small.size + large.size;
  expect(progress.every((p) => p.total === total && p.loaded <= total)).toBe(true);
  expect(progress.map((p) => p.loaded)).toEqual(progress.map((p) => p.loaded).sort((a, b) => a - b));
  expect(progress.at(-1)).toEqual({ loaded: total, total });
});

test('aborting the signal stops the uploads and rejects with its reason', async () => {
  const long = new File([wav(1000) as Uint8Array<ArrayBuffer>], 'long.wav', { type: 'audio/wav' }); // 8 MB
  const controller = new AbortController();
  const pending = uploadInput({ audio: long }, {
    presign: presignVia('native'),
    signal: controller.signal,
    onProgress: ({ loaded }) => {
      if (loaded > 0) controller.abort(new DOMException('The user left', 'AbortError'));
    },
  });
  await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'The user left' });
});
