// prepareFile in a real browser with real media made here: a 12 MP camera-like JPEG given an EXIF GPS block by
// the test writer, stripped without touching its pixels, resized with orientation applied.
import { expect, test } from 'vitest';
import { prepareFile } from '../../src/core/media/prepareFile';
import { exifSegment, GPS_SENTINEL, indexOf, insertIntoJpeg, phoneTiff, xmpSegment, xmpWithGps } from '../unit/media/mediaBytes';

const signal = () => new AbortController().signal;
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** A photo-like picture: gradients, shapes and noise, so the JPEG is as large as a real one. */
async function canvasImage(width: number, height: number, type: string, paint?: (c: OffscreenCanvasRenderingContext2D) => void): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  if (paint) paint(context);
  else {
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#1d4ed8');
    gradient.addColorStop(1, '#f59e0b');
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    // Sensor-like noise on every channel: a camera JPEG of 12 MP weighs megabytes, not the kilobytes of a flat one.
    const noise = context.getImageData(0, 0, width, height);
    let seed = 1;
    for (let i = 0; i < noise.data.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      if ((i & 3) !== 3) noise.data[i] = noise.data[i]! + (seed & 31) - 16;
    }
    context.putImageData(noise, 0, 0);
    context.fillStyle = '#fff';
    context.font = `${Math.round(height / 8)}px sans-serif`;
    context.fillText('media-uploader', width / 10, height / 2);
  }
  return bytesOf(await canvas.convertToBlob({ type, quality: 0.92 }));
}

async function pixels(blob: Blob): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, data: context.getImageData(0, 0, canvas.width, canvas.height).data };
}

const camera = canvasImage(4000, 3000, 'image/jpeg');
const photoWithGps = async () => insertIntoJpeg(await camera, exifSegment(phoneTiff({ little: true }).bytes), xmpSegment(xmpWithGps()));

test('a 12 MP JPEG loses its GPS and nothing else: same length, same scan bytes, same decoded pixels', async () => {
  const original = await photoWithGps();
  expect(indexOf(original, GPS_SENTINEL)).toBeGreaterThan(0);
  expect(original.length).toBeGreaterThan(2_000_000);
  const file = new File([original as Uint8Array<ArrayBuffer>], 'IMG_0001.jpg', { type: 'image/jpeg' });

  const prepared = await prepareFile(file, 'image/jpeg', undefined, signal());
  const out = await bytesOf(prepared.file);

  expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
  expect(prepared.file).toMatchObject({ name: 'IMG_0001.jpg', type: 'image/jpeg', size: original.length });
  expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
  expect(indexOf(out, 'GPS')).toBe(-1);
  const scan = (bytes: Uint8Array) => bytes.subarray(indexOf(bytes, Uint8Array.of(0xff, 0xda)));
  expect(scan(out).length).toBeGreaterThan(500_000);
  expect(scan(out)).toEqual(scan(original));
  const [before, after] = [await pixels(file), await pixels(prepared.file)];
  expect([after.width, after.height]).toEqual([4000, 3000]);
  expect(after.data.length).toBe(before.data.length);
  let differing = 0;
  for (let i = 0; i < after.data.length; i++) if (after.data[i] !== before.data[i]) differing++;
  expect(differing).toBe(0);
}, 90_000); // makes and decodes 12 MP images twice: Firefox on two busy cores needs more than the default

test('resizeImage fits a 4000×3000 photo into 2048 px: decoded 2048×1536, re-encoded, no location left', async () => {
  const original = await photoWithGps();
  const file = new File([original as Uint8Array<ArrayBuffer>], 'IMG_0002.jpg', { type: 'image/jpeg' });
  const prepared = await prepareFile(file, 'image/jpeg', { resizeImage: { maxWidth: 2048, maxHeight: 2048 } }, signal());

  expect(prepared).toMatchObject({ type: 'image/jpeg', width: 2048, height: 1536 });
  expect(prepared.file).toMatchObject({ name: 'IMG_0002.jpg', type: 'image/jpeg' });
  expect(prepared.changes).toEqual([
    { kind: 'location-removed' },
    { kind: 'resized', from: '4000×3000', to: '2048×1536' },
    { kind: 'reencoded', from: expect.stringMatching(/^\d+(\.\d)? MB$/), to: expect.stringMatching(/^\d+(\.\d)? (KB|MB)$/) },
  ]);
  const decoded = await pixels(prepared.file);
  expect([decoded.width, decoded.height]).toEqual([2048, 1536]);
  const out = await bytesOf(prepared.file);
  expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
  expect(indexOf(out, 'Exif\0\0')).toBe(-1);
});

test('resize applies the EXIF orientation: a sideways camera frame comes out portrait, right way up', async () => {
  // Raw frame: left half red, right half blue. Orientation 6 means "rotate 90° clockwise to view".
  const raw = await canvasImage(400, 300, 'image/jpeg', (c) => {
    c.fillStyle = '#f00';
    c.fillRect(0, 0, 200, 300);
    c.fillStyle = '#00f';
    c.fillRect(200, 0, 200, 300);
  });
  const file = new File([insertIntoJpeg(raw, exifSegment(phoneTiff({ orientation: 6 }).bytes)) as Uint8Array<ArrayBuffer>], 'side.jpg', { type: 'image/jpeg' });
  const prepared = await prepareFile(file, 'image/jpeg', { resizeImage: { maxWidth: 150, maxHeight: 150 } }, signal());
  const decoded = await pixels(prepared.file);
  expect([decoded.width, decoded.height]).toEqual([113, 150]);
  const at = (x: number, y: number) => [...decoded.data.subarray((y * decoded.width + x) * 4, (y * decoded.width + x) * 4 + 3)];
  const [top, bottom] = [at(56, 30), at(56, 120)];
  expect(top[0]).toBeGreaterThan(200); // red on top
  expect(top[2]).toBeLessThan(60);
  expect(bottom[2]).toBeGreaterThan(200); // blue below
  expect(bottom[0]).toBeLessThan(60);
});

test('an image inside the box is left as it is; a PNG resized to WebP gets the .webp name and type', async () => {
  const small = new File([(await canvasImage(300, 200, 'image/png')) as Uint8Array<ArrayBuffer>], 'small.png', { type: 'image/png' });
  const untouched = await prepareFile(small, 'image/png', { resizeImage: { maxWidth: 512 } }, signal());
  expect(untouched.file).toBe(small);
  expect(untouched).toMatchObject({ changes: [], width: 300, height: 200 });

  const big = new File([(await canvasImage(1200, 800, 'image/png')) as Uint8Array<ArrayBuffer>], 'big.png', { type: 'image/png' });
  const prepared = await prepareFile(big, 'image/png', { resizeImage: { maxWidth: 600, type: 'image/webp', quality: 0.8 } }, signal());
  expect(prepared.file).toMatchObject({ name: 'big.webp', type: 'image/webp' });
  expect(String.fromCharCode(...(await bytesOf(prepared.file)).subarray(8, 12))).toBe('WEBP');
  expect(await pixels(prepared.file)).toMatchObject({ width: 600, height: 400 });
});

test('an image the browser cannot decode fails resize as prepare-failed with a sentence', async () => {
  const broken = new File([Uint8Array.of(0xff, 0xd8, 0xff, 0xd9, 1, 2, 3)], 'broken.jpg', { type: 'image/jpeg' });
  await expect(prepareFile(broken, 'image/jpeg', { resizeImage: { maxWidth: 100 } }, signal())).rejects.toMatchObject({
    code: 'prepare-failed',
    message: 'broken.jpg could not be prepared for upload: this browser cannot decode the image to resize it.',
  });
});

test("an image the browser cannot decode is resized after the app's transform made it decodable (HEIC → JPEG)", async () => {
  const heic = new File([Uint8Array.of(0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0)], 'IMG_0003.heic', { type: 'image/heic' });
  const converted = new Blob([(await canvasImage(1200, 800, 'image/jpeg')) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
  const prepared = await prepareFile(heic, 'image/heic', { resizeImage: { maxWidth: 600 }, transform: async () => converted }, signal());
  expect(prepared).toMatchObject({ type: 'image/jpeg', width: 600, height: 400 });
  expect(prepared.file.name).toBe('IMG_0003.jpg');
  expect(prepared.changes.map((c) => c.kind)).toEqual(['transformed', 'resized', 'reencoded']);
  expect(await pixels(prepared.file)).toMatchObject({ width: 600, height: 400 });
});
