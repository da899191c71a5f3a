// Multi-picture JPEGs (stereo MPO, Ultra HDR gain maps): further whole JPEGs after the first image's EOI, found
// through the MP index (CIPA DC-007), each with its own EXIF and GPS.
import { describe, expect, test } from 'vitest';
import { prepareFile } from '../../../src/core/media/prepareFile';
import { ascii, concat, exifSegment, fakeJpeg, GPS_SENTINEL, indexOf, jpegSegment, mpfSegment, multiPicture, occurrences, phoneTiff, xmpSegment } from './mediaBytes';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const signal = () => new AbortController().signal;
const jpegFile = (bytes: Uint8Array) => new File([bytes as Uint8Array<ArrayBuffer>], 'stereo.jpg', { type: 'image/jpeg' });
const SOI = Uint8Array.of(0xff, 0xd8);

/** The MP index as a reader follows it: where each image starts in the file, and its size. */
function mpfImages(bytes: Uint8Array): { start: number; size: number }[] {
  const tiffAt = indexOf(bytes, 'MPF\0') + 4;
  const little = bytes[tiffAt] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset + tiffAt);
  const entries = view.getUint32(38, little) / 16; // MPEntry's length, where mpfSegment writes it
  return Array.from({ length: entries }, (_, i) => {
    const offset = view.getUint32(58 + i * 16, little);
    return { start: offset === 0 ? 0 : tiffAt + offset, size: view.getUint32(54 + i * 16, little) };
  });
}

describe.each([
  ['big-endian (MM)', false],
  ['little-endian (II)', true],
])('an MP index %s', (_, little) => {
  const withGps = () => exifSegment(phoneTiff({ little }).bytes);

  test('"location" removes the GPS of every image; the index, the lengths and the other bytes stay as they were', async () => {
    const original = multiPicture([withGps()], [fakeJpeg([withGps()], 500)], { little });
    expect(occurrences(original, GPS_SENTINEL)).toHaveLength(2);
    const prepared = await prepareFile(jpegFile(original), 'image/jpeg', undefined, signal());
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
    expect(out.length).toBe(original.length);
    expect(mpfImages(out)).toEqual(mpfImages(original));
    const exif = occurrences(original, 'Exif\0\0').map((at) => [at, at + withGps().length] as const);
    expect(exif).toHaveLength(2);
    for (let i = 0; i < out.length; i++) if (!exif.some(([start, end]) => i >= start && i < end)) expect(out[i], `byte ${i}`).toBe(original[i]);
  });
});

test('"location": damaged blocks dropped in any image shorten it, and the index is rewritten to match', async () => {
  const damagedExif = exifSegment(ascii('not a TIFF'));
  const original = multiPicture([xmpSegment('<x:xmpmeta><a:GPSLatitude>48')], [fakeJpeg([damagedExif], 500), fakeJpeg([exifSegment(phoneTiff().bytes)], 700)]);
  const prepared = await prepareFile(jpegFile(original), 'image/jpeg', undefined, signal());
  const out = await bytesOf(prepared.file);
  expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
  expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
  const images = mpfImages(out);
  expect(images.map(({ start }) => start)).toEqual(occurrences(out, SOI));
  expect(images.map(({ start, size }) => start + size)).toEqual([images[1]!.start, images[2]!.start, out.length]);
  expect(images.map(({ size }) => size)).toEqual(mpfImages(original).map(({ size }, i) => size - [xmpSegment('<x:xmpmeta><a:GPSLatitude>48').length, damagedExif.length, 0][i]!));
});

test('"all" drops the MP index with the other metadata and ends the file with the first image', async () => {
  const first = [exifSegment(phoneTiff({ orientation: 6 }).bytes)];
  const original = multiPicture(first, [fakeJpeg([exifSegment(phoneTiff().bytes)], 500)]);
  const prepared = await prepareFile(jpegFile(original), 'image/jpeg', { stripMetadata: 'all' }, signal());
  const out = await bytesOf(prepared.file);
  expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
  const alone = await prepareFile(jpegFile(fakeJpeg(first, 500)), 'image/jpeg', { stripMetadata: 'all' }, signal());
  expect(out).toEqual(await bytesOf(alone.file));
  expect(occurrences(out, SOI)).toEqual([0]);
});

test('an Ultra HDR photo without location comes back as the same File, its gain map untouched', async () => {
  const gainMap = fakeJpeg([xmpSegment('<x:xmpmeta><rdf:Description hdrgm:Version="1.0" hdrgm:GainMapMax="2.3"/></x:xmpmeta>')], 500);
  const file = jpegFile(multiPicture([exifSegment(phoneTiff({ gps: false }).bytes)], [gainMap]));
  const prepared = await prepareFile(file, 'image/jpeg', undefined, signal());
  expect(prepared.file).toBe(file);
  expect(prepared.changes).toEqual([]);
});

test('an index whose further images were cut off (jpegtran -copy all keeps the index, drops the gain map) is one image: its location removed, no damage', async () => {
  const gainMap = fakeJpeg([exifSegment(phoneTiff().bytes)], 500);
  const whole = multiPicture([exifSegment(phoneTiff().bytes)], [gainMap]);
  const cut = whole.subarray(0, whole.length - gainMap.length);
  const far = multiPicture([exifSegment(phoneTiff().bytes)], [gainMap], { index: ([first, second]) => mpfSegment([first!, { ...second!, offset: 0xfffffff0 }]) });
  for (const bytes of [cut, far.subarray(0, far.length - gainMap.length)]) {
    for (const mode of ['location', 'all'] as const) {
      const prepared = await prepareFile(jpegFile(bytes), 'image/jpeg', { stripMetadata: mode }, signal());
      expect(prepared.changes.map((change) => change.kind)).toContain('location-removed');
      expect(prepared.file.size).toBeLessThanOrEqual(bytes.length);
    }
  }
});

type Images = { size: number; offset: number }[];
test.each<[string, (images: Images) => Uint8Array]>([
  ['an image larger than the file', ([first, second]) => mpfSegment([first!, { ...second!, size: 0xfffffff0 }])],
  ['an image inside the first one', ([first, second]) => mpfSegment([first!, { ...second!, offset: 10 }])],
  ['an offset that is not a JPEG', ([first, second]) => mpfSegment([first!, { ...second!, offset: second!.offset + 4 }])],
  ['twice the same image', ([first, second]) => mpfSegment([first!, second!, second!])],
  ['more entries than it holds', (images) => mpfSegment(images, { claim: 16 * 4000 })],
  ['no TIFF header', () => jpegSegment(0xe2, concat(ascii('MPF\0'), new Uint8Array(40)))],
])('an MP index with %s → prepare-failed (damaged), never a long read or a hang', async (_, index) => {
  const further = [fakeJpeg([exifSegment(phoneTiff().bytes)], 500), fakeJpeg([], 500)];
  const failure = await prepareFile(jpegFile(multiPicture([], further, { index })), 'image/jpeg', undefined, signal()).catch((e: unknown) => e);
  expect(failure).toMatchObject({ code: 'prepare-failed', message: expect.stringMatching(/^stereo\.jpg could not be prepared for upload: the file looks damaged \(.*MPF index/) });
});
