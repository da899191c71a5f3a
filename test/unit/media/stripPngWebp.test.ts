// Location and metadata stripping of PNG and WebP through prepareFile: chunks edited in place or dropped,
// CRCs and the RIFF size and flags kept right, image chunks identical.
import { describe, expect, test, vi } from 'vitest';
import { prepareFile } from '../../../src/core/media/prepareFile';
import { ascii, concat, GPS_SENTINEL, ifd0Tags, indexOf, insertIntoPng, iTXt, phoneTiff, PNG_SIGNATURE, pngChunk, riffChunk, vp8x, webp, xmpWithGps } from './mediaBytes';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const signal = () => new AbortController().signal;
const file = (bytes: Uint8Array, name: string, type: string) => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

/** Every chunk of a PNG as [type, data], with its CRC checked against the same CRC-32 the test writer uses. */
function pngChunks(bytes: Uint8Array): [string, Uint8Array][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const chunks: [string, Uint8Array][] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(new DataView(pngChunk(type, data).buffer).getUint32(8 + length));
    chunks.push([type, data]);
    at += 12 + length;
  }
  return chunks;
}

const ihdr = pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0));
const idat = pngChunk('IDAT', Uint8Array.from({ length: 3000 }, (_, i) => i % 251));
const iccp = pngChunk('iCCP', concat(ascii('icc\0\0'), [1, 2, 3]));
const basePng = concat(PNG_SIGNATURE, ihdr, iccp, idat, idat, pngChunk('IEND', new Uint8Array(0)));

describe('PNG', () => {
  test('a walk reads at most 1 MB at a time, and after a jump over a large chunk reads 64 KB again', async () => {
    const span = ([start, end]: unknown[]) => Number(end) - Number(start);
    // 5.2 MB of 4 KB chunks: the windows grow to 1 MB and stay there.
    const small = pngChunk('IDAT', new Uint8Array(4096));
    const many = concat(PNG_SIGNATURE, ihdr, ...Array.from({ length: 1270 }, () => small), pngChunk('IEND', new Uint8Array(0)));
    let slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      await prepareFile(file(many, 'many.png', 'image/png'), 'image/png', undefined, signal());
      const spans = slice.mock.calls.map(span);
      expect(Math.max(...spans)).toBe(1024 * 1024);
      expect(spans.filter((size) => size === 1024 * 1024).length).toBeGreaterThan(2);
    } finally {
      slice.mockRestore();
    }
    // One 2 MB IDAT chunk: its header, then the chunk after it, each with a 64 KB read.
    const large = concat(PNG_SIGNATURE, ihdr, pngChunk('IDAT', new Uint8Array(2 * 1024 * 1024)), pngChunk('tEXt', ascii('Title\0Holiday')), pngChunk('IEND', new Uint8Array(0)));
    slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      await prepareFile(file(large, 'large.png', 'image/png'), 'image/png', undefined, signal());
      expect(slice.mock.calls.map(span)).toEqual([64 * 1024, 64 * 1024]);
    } finally {
      slice.mockRestore();
    }
  });

  test('a PNG of many small chunks is walked in few reads, and metadata at its end is still found', async () => {
    // A canvas export: 4 KB IDAT chunks, here 300 of them (1.2 MB), then a text chunk with location before IEND.
    const small = pngChunk('IDAT', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 251));
    const chunks = Array.from({ length: 300 }, () => small);
    const original = concat(PNG_SIGNATURE, ihdr, ...chunks, iTXt('XML:com.adobe.xmp', xmpWithGps()), pngChunk('IEND', new Uint8Array(0)));
    const slice = vi.spyOn(Blob.prototype, 'slice');
    try {
      const prepared = await prepareFile(file(original, 'canvas.png', 'image/png'), 'image/png', undefined, signal());
      expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
      expect(indexOf(await bytesOf(prepared.file), GPS_SENTINEL)).toBe(-1);
      // Windows of 64 KB, 128 KB… up to 1 MB: 5 reads here (19 in fixed 64 KB windows), and the output's 2 slices.
      expect(slice.mock.calls.length).toBeLessThanOrEqual(8);
    } finally {
      slice.mockRestore();
    }
  });

  test('"location" removes GPS from eXIf and XMP; chunks keep their length, valid CRCs, and the rest is identical', async () => {
    const tiff = phoneTiff({ orientation: 8 });
    const original = insertIntoPng(basePng, pngChunk('eXIf', tiff.bytes), iTXt('XML:com.adobe.xmp', xmpWithGps()), pngChunk('tEXt', ascii('Title\0Holiday')));
    const prepared = await prepareFile(file(original, 'shot.png', 'image/png'), 'image/png', undefined, signal());
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(out.length).toBe(original.length);
    expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
    expect(indexOf(out, 'GPS')).toBe(-1);
    const before = pngChunks(original);
    const after = pngChunks(out);
    expect(after.map(([type]) => type)).toEqual(before.map(([type]) => type));
    for (const [i, [type, data]] of after.entries()) if (type !== 'eXIf' && type !== 'iTXt') expect(data).toEqual(before[i]![1]);
    const exif = after.find(([type]) => type === 'eXIf')![1];
    expect([...ifd0Tags(exif).keys()]).toEqual([0x010f, 0x0110, 0x0112, 0x0132]);
  });

  test('an eXIf that starts with JPEG\'s "Exif\\0\\0" (some writers add it) loses only its GPS, and says so', async () => {
    const tiff = phoneTiff({ orientation: 8 });
    const original = insertIntoPng(basePng, pngChunk('eXIf', concat(ascii('Exif\0\0'), tiff.bytes)));
    const prepared = await prepareFile(file(original, 'shot.png', 'image/png'), 'image/png', undefined, signal());
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    const exif = pngChunks(await bytesOf(prepared.file)).find(([type]) => type === 'eXIf')![1];
    expect(indexOf(exif, GPS_SENTINEL)).toBe(-1);
    expect([...ifd0Tags(exif.subarray(6)).keys()]).toEqual([0x010f, 0x0110, 0x0112, 0x0132]);
    const all = await prepareFile(file(original, 'shot.png', 'image/png'), 'image/png', { stripMetadata: 'all' }, signal());
    expect(all.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
    expect([...ifd0Tags(pngChunks(await bytesOf(all.file)).find(([type]) => type === 'eXIf')![1]).keys()]).toEqual([0x0112]);
  });

  test('"all" drops text, time and EXIF but an orientation; keeps the colour profile and the image', async () => {
    const original = insertIntoPng(basePng, pngChunk('eXIf', phoneTiff({ orientation: 8 }).bytes), iTXt('XML:com.adobe.xmp', xmpWithGps()), pngChunk('tEXt', ascii('Title\0Holiday')), pngChunk('tIME', new Uint8Array(7)));
    const prepared = await prepareFile(file(original, 'shot.png', 'image/png'), 'image/png', { stripMetadata: 'all' }, signal());
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
    const chunks = pngChunks(out);
    expect(chunks.map(([type]) => type)).toEqual(['IHDR', 'eXIf', 'iCCP', 'IDAT', 'IDAT', 'IEND']);
    expect([...ifd0Tags(chunks[1]![1]).keys()]).toEqual([0x0112]);
  });

  test('ImageMagick raw EXIF profiles (hex in a text chunk) are dropped in "location" mode', async () => {
    const original = insertIntoPng(basePng, pngChunk('tEXt', ascii('Raw profile type exif\0\nexif\n 10\n45786966')));
    const prepared = await prepareFile(file(original, 'shot.png', 'image/png'), 'image/png', undefined, signal());
    expect(pngChunks(await bytesOf(prepared.file)).map(([type]) => type)).toEqual(['IHDR', 'iCCP', 'IDAT', 'IDAT', 'IEND']);
    expect(prepared.changes).toEqual([{ kind: 'metadata-removed' }]);
  });
});

describe('WebP', () => {
  const image = riffChunk('VP8L', Uint8Array.from({ length: 999 }, (_, i) => i % 253)); // odd: padded
  const riffSize = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);

  test.each([
    ['a bare TIFF', ''],
    ['a JPEG-style "Exif\\0\\0" prefix', 'Exif\0\0'],
  ])('"location" edits the EXIF chunk (%s) and XMP in place; size and flags unchanged', async (_, prefix) => {
    const original = webp(vp8x(0x08 | 0x04), image, riffChunk('EXIF', concat(ascii(prefix), phoneTiff({ little: true }).bytes)), riffChunk('XMP ', ascii(xmpWithGps())));
    const prepared = await prepareFile(file(original, 'pic.webp', 'image/webp'), 'image/webp', undefined, signal());
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(out.length).toBe(original.length);
    expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
    expect(indexOf(out, 'GPS')).toBe(-1);
    expect(out.subarray(0, 12 + 18 + image.length)).toEqual(original.subarray(0, 12 + 18 + image.length));
    expect(indexOf(out, 'PhoneMaker')).toBeGreaterThan(0);
  });

  test('"all" drops EXIF and XMP, fixes the RIFF size and clears their VP8X flags', async () => {
    const original = webp(vp8x(0x10 | 0x08 | 0x04), image, riffChunk('EXIF', phoneTiff().bytes), riffChunk('XMP ', ascii(xmpWithGps())));
    const prepared = await prepareFile(file(original, 'pic.webp', 'image/webp'), 'image/webp', { stripMetadata: 'all' }, signal());
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
    expect(out).toEqual(webp(vp8x(0x10), image));
    expect(riffSize(out)).toBe(out.length - 8);
  });
});
