// What stripping leaves must still be a picture the browser decodes, the same size and orientation: a WebP made by
// the browser's encoder, given VP8X with EXIF (GPS, orientation 6) and an odd-sized XMP chunk, as a phone app writes.
import { expect, test } from 'vitest';
import { prepareFile } from '../../src/core/media/prepareFile';
import { ascii, concat, GPS_SENTINEL, indexOf, phoneTiff, riffChunk, webp, xmpWithGps } from '../unit/media/mediaBytes';

const signal = () => new AbortController().signal;
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

async function webpWithMetadata(width: number, height: number): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#16a34a';
  context.fillRect(0, 0, width, height);
  const simple = await bytesOf(await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }));
  expect(String.fromCharCode(...simple.subarray(8, 12))).toBe('WEBP');
  // Chromium writes VP8X (alpha) itself, Firefox a simple VP8: its flags are kept, EXIF and XMP added.
  const own = String.fromCharCode(...simple.subarray(12, 16)) === 'VP8X';
  const vp8x = new Uint8Array(10);
  vp8x[0] = (own ? simple[20]! : 0) | EXIF_FLAG | XMP_FLAG;
  const view = new DataView(vp8x.buffer);
  view.setUint16(4, (width - 1) & 0xffff, true); // 24-bit canvas size minus one
  view.setUint16(7, (height - 1) & 0xffff, true);
  const xmp = xmpWithGps() + (xmpWithGps().length % 2 === 0 ? ' ' : ''); // odd: the chunk needs a pad byte
  return webp(riffChunk('VP8X', vp8x), simple.subarray(own ? 30 : 12), riffChunk('EXIF', phoneTiff({ orientation: 6 }).bytes), riffChunk('XMP ', ascii(xmp)));
}

test.each(['location', 'all'] as const)('a WebP stripped with %s still decodes at its size; RIFF size and VP8X flags match its chunks', async (mode) => {
  const original = await webpWithMetadata(96, 64);
  const before = await createImageBitmap(new Blob([original as Uint8Array<ArrayBuffer>], { type: 'image/webp' }));
  const file = new File([original as Uint8Array<ArrayBuffer>], 'shot.webp', { type: 'image/webp' });
  const prepared = await prepareFile(file, 'image/webp', { stripMetadata: mode }, signal());
  const out = await bytesOf(prepared.file);

  expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
  expect(indexOf(out, '48,51.5N')).toBe(-1);
  expect(new DataView(out.buffer).getUint32(4, true)).toBe(out.length - 8);
  const chunks: string[] = [];
  for (let at = 12; at < out.length; at += 8 + new DataView(out.buffer).getUint32(at + 4, true) + (out[at + 4]! & 1)) chunks.push(String.fromCharCode(...out.subarray(at, at + 4)));
  // 'all' keeps an orientation-only EXIF and drops the XMP; the flags say exactly which are there.
  expect(chunks.filter((c) => c === 'EXIF' || c === 'XMP ')).toEqual(mode === 'all' ? ['EXIF'] : ['EXIF', 'XMP ']);
  expect(out[20]! & (EXIF_FLAG | XMP_FLAG)).toBe(mode === 'all' ? EXIF_FLAG : EXIF_FLAG | XMP_FLAG);
  const after = await createImageBitmap(prepared.file);
  expect([after.width, after.height]).toEqual([before.width, before.height]);
  before.close();
  after.close();
});
