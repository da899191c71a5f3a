// uploadInput with preparation through the engine's `preparing` stage, against the loopback storage: the presign
// carries the prepared file's name, type and size, and storage holds exactly that many bytes.
import { expect, inject, test } from 'vitest';
import type { PresignRequest } from '../../src/core/types';
import { uploadInput } from '../../src/core/uploadInput';
import { exifSegment, insertIntoJpeg, phoneTiff } from '../unit/media/mediaBytes';
import { presignVia } from './fixtures';

test('a PNG photo resized to a 512 px JPEG is presigned and stored as the prepared file', async () => {
  await fetch(`${inject('storageOrigin')}/reset`, { method: 'POST' });
  const canvas = new OffscreenCanvas(1600, 1200);
  canvas.getContext('2d')!.fillRect(0, 0, 800, 1200);
  const png = new File([await canvas.convertToBlob({ type: 'image/png' })], 'scan.png', { type: 'image/png' });
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
  const located = new File([insertIntoJpeg(jpeg, exifSegment(phoneTiff().bytes)) as Uint8Array<ArrayBuffer>], 'here.jpg', { type: 'image/jpeg' });
  const presigned: PresignRequest[] = [];
  const native = presignVia('native');

  const result = await uploadInput({ image: png, reference: located }, {
    presign: (request, ctx) => (presigned.push(request), native(request, ctx)),
    prepare: { resizeImage: { maxWidth: 512, maxHeight: 512, type: 'image/jpeg' } },
    constraints: { image: { minWidth: 256 } },
  });

  expect(result.image).toMatch(/-scan\.jpg$/);
  const byName = Object.fromEntries(presigned.map((r) => [r.filename, r]));
  expect(byName['scan.jpg']).toMatchObject({ contentType: 'image/jpeg' });
  expect(byName['scan.jpg']!.size).toBeLessThan(png.size);
  expect(byName['here.jpg']).toMatchObject({ contentType: 'image/jpeg' });
  const { stored } = await (await fetch(`${inject('storageOrigin')}/stats`)).json();
  for (const request of presigned) {
    const key = Object.keys(stored).find((k) => k.endsWith(`-${request.filename}`));
    expect(stored[key!], request.filename).toBe(request.size);
  }
});

test('a photo below the constraints rejects uploadInput with file-invalid-dimensions before any presign', async () => {
  const canvas = new OffscreenCanvas(320, 240);
  canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
  const small = new File([await canvas.convertToBlob({ type: 'image/png' })], 'small.png', { type: 'image/png' });
  const presigned: PresignRequest[] = [];
  const native = presignVia('native');
  await expect(
    uploadInput([small], {
      presign: (request, ctx) => (presigned.push(request), native(request, ctx)),
      constraints: { image: { minWidth: 512, minHeight: 512 } },
    }),
  ).rejects.toMatchObject({ code: 'file-invalid-dimensions', message: 'small.png is 320×240 px; images must be at least 512×512 px' });
  expect(presigned).toEqual([]);
});
