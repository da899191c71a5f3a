// Motion photos (Google, Samsung): a JPEG with an MP4 appended after it. The video records where it was taken too
// (©xyz, loci, Apple's location key); "location" must remove that without moving a byte, so that the XMP's lengths
// and the MP4's own offsets (stco) stay right and the video still plays.
import { describe, expect, test, vi } from 'vitest';
import { BlobReader } from '../../../src/core/media/bytes';
import { prepareFile } from '../../../src/core/media/prepareFile';
import { ascii, concat, exifSegment, fakeJpeg, GPS_SENTINEL, indexOf, jpegSegment, multiPicture, occurrences, phoneTiff, xmpSegment } from './mediaBytes';
import { appleMeta, box, ISO6709, loci, microVideoXmp, motionPhotoXmp, mp4, PLACE_NAME, samsungTrailer, udtaText, xyz } from './mp4Bytes';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const signal = () => new AbortController().signal;
const jpegFile = (bytes: Uint8Array) => new File([bytes as Uint8Array<ArrayBuffer>], 'PXL_20261204_100000000.MP.jpg', { type: 'image/jpeg' });
const prepare = (bytes: Uint8Array, stripMetadata: 'location' | 'all' = 'location') => prepareFile(jpegFile(bytes), 'image/jpeg', { stripMetadata }, signal());

/** The photo of a motion photo, with EXIF without GPS: the video is the only place that knows where it was taken. */
const photo = (...xmp: string[]) => fakeJpeg([exifSegment(phoneTiff({ gps: false }).bytes), ...xmp.map(xmpSegment)], 2000);
const motionPhoto = (video: Uint8Array) => concat(photo(motionPhotoXmp([{ semantic: 'MotionPhoto', mime: 'video/mp4', length: video.length }])), video);

const APPLE_LOCATION = ['com.apple.quicktime.location.ISO6709', ISO6709] as [string, string];
const appleMake = ['com.apple.quicktime.make', 'Apple'] as [string, string];
/** moov/meta with the location between two other keys: its ilst item is the second (key index 2). */
const apple = () => appleMeta([appleMake, APPLE_LOCATION, ['com.apple.quicktime.model', 'iPhone 15 Pro']]);
const appleItem = () => box(2, box('data', [0, 0, 0, 1], [0, 0, 0, 0], ascii(ISO6709)));

/** `bytes` with each of `boxes` (found by its bytes) turned into a free box of zeros, its size field kept. */
function neutralised(bytes: Uint8Array, ...boxes: Uint8Array[]): Uint8Array {
  const out = bytes.slice();
  for (const located of boxes) {
    const at = indexOf(bytes, located);
    expect(at, 'the box is in the file').toBeGreaterThan(0);
    out.set(ascii('free'), at + 4);
    out.fill(0, at + 8, at + located.length);
  }
  return out;
}

function expectNoPlace(out: Uint8Array): void {
  for (const gone of [ISO6709, PLACE_NAME, '+48.85', GPS_SENTINEL]) expect(indexOf(out, gone), gone).toBe(-1);
}

describe('"location" in the video of a motion photo', () => {
  test.each<[string, () => Uint8Array, () => Uint8Array]>([
    ['©xyz in moov/udta (Android, iOS)', () => mp4(box('udta', xyz())), xyz],
    ['3GPP loci in moov/udta', () => mp4(box('udta', loci())), loci],
    ["Apple's keys/ilst in moov/meta (the ilst item of com.apple.quicktime.location.ISO6709)", () => mp4(apple()), appleItem],
  ])('%s: the box becomes a free box of zeros, the same length; the file is reported as changed', async (_, video, located) => {
    const original = motionPhoto(video());
    const prepared = await prepare(original);
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(out).toEqual(neutralised(original, located()));
    expectNoPlace(out);
  });

  test('every box but the places is byte-identical: make, model, the other keys, the track and its stco; the file keeps its length', async () => {
    const udta = box('udta', udtaText('\xa9mak', 'PhoneMaker'), xyz(), udtaText('\xa9mod', 'Pixel 9'), loci());
    const video = mp4(udta, apple());
    const original = motionPhoto(video);
    const out = await bytesOf((await prepare(original)).file);
    expect(out.length).toBe(original.length);
    expect(out).toEqual(neutralised(original, xyz(), loci(), appleItem()));
    for (const kept of ['PhoneMaker', 'Pixel 9', 'com.apple.quicktime.make', 'iPhone 15 Pro', 'stco', 'Item:Length="' + video.length]) {
      expect(indexOf(out, kept), kept).toBeGreaterThan(0);
    }
    // The key keeps its name: it says a place was recorded, not which (see stripMp4Location.ts).
    expect(indexOf(out, APPLE_LOCATION[0])).toBeGreaterThan(0);
  });
});

describe('where the video is found', () => {
  const video = () => mp4(box('udta', xyz()));
  const gainMap = () => fakeJpeg([xmpSegment('<x:xmpmeta><rdf:Description hdrgm:Version="1.0"/></x:xmpmeta>')], 500);
  const ultraHdr = (xmp: string[]) => multiPicture([exifSegment(phoneTiff({ gps: false }).bytes), ...xmp.map(xmpSegment)], [gainMap()]);
  const sef = () => concat(ascii('\0\0\x30\x0aMotionPhoto_Data'), new Uint8Array(20), ascii('SEFH'), new Uint8Array(12), ascii('SEFT'));
  test.each<[string, () => Uint8Array]>([
    // Padding after the primary image: only the directory's lengths, counted from the end, lead to the video.
    ['the Container directory, past the primary image padding', () => concat(photo(motionPhotoXmp([{ semantic: 'MotionPhoto', mime: 'video/mp4', length: video().length }], 16)), new Uint8Array(16), video())],
    ['GCamera:MicroVideoOffset (MVIMG_*.jpg)', () => concat(photo(microVideoXmp(video().length)), video())],
    ['no XMP: right after the JPEG', () => concat(photo(), video())],
    ["no XMP: after Samsung's MotionPhoto_Data marker, its SEF trailer after the video", () => concat(photo(), ascii('MotionPhoto_Data'), video(), sef())],
    // As Samsung's phones write it: the record's header before its name, another record before it, the directory after.
    ["no XMP: Samsung's MotionPhoto_Data record, found by its SEF directory", () =>
      concat(photo(), samsungTrailer([[0x0a01, 'Image_UTC_Data', ascii('1733306400000')], [0x0a30, 'MotionPhoto_Data', video()], [0x0a31, 'MotionPhoto_Version', ascii('mpv2')]]))],
    // The tables between the scans of a progressive JPEG may hold FF D9: segments are skipped whole, not searched.
    ['no XMP: after a progressive JPEG (tables between scans, stuffed bytes, restart markers)', () => {
      const first = photo();
      const scan = concat(jpegSegment(0xc4, Uint8Array.of(0x10, 0xff, 0xd9, 0xff, 0xd9)), [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0], [1, 0xff, 0, 2, 0xff, 0xd0, 3, 0xff, 0xff, 0xd1, 4]);
      return concat(first.subarray(0, first.length - 2), scan, [0xff, 0xd9], video());
    }],
    // The scan is searched 64 KB at a time from after the SOS header, the last byte of each piece again with the next.
    ['no XMP: after an EOI across two pieces of the search', () => concat(fakeJpeg([], 64 * 1024 - 1), video())],
    [
      'an Ultra HDR gain map, then the video (the Container directory)',
      () => concat(ultraHdr([motionPhotoXmp([{ semantic: 'GainMap', mime: 'image/jpeg', length: gainMap().length }, { semantic: 'MotionPhoto', mime: 'video/mp4', length: video().length }])]), video()),
    ],
    ['an Ultra HDR gain map, then the video (no XMP: the end of the last image of the MP index)', () => concat(ultraHdr([]), video())],
  ])('%s', async (_, build) => {
    const original = build();
    const prepared = await prepare(original);
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(out).toEqual(neutralised(original, xyz()));
  });

  test('a trailer that is not an MP4 (a Samsung SEF block, padding) is left as it is, and so is the file', async () => {
    for (const trailer of [concat(ascii('\0\0\x30\x0aImage_UTC_Data1733306400000'), ascii('SEFH'), new Uint8Array(12), ascii('SEFT')), new Uint8Array(300)]) {
      const file = jpegFile(concat(photo(microVideoXmp(trailer.length)), trailer));
      const prepared = await prepareFile(file, 'image/jpeg', undefined, signal());
      expect(prepared.file).toBe(file);
      expect(prepared.changes).toEqual([]);
    }
  });
});

describe('"all" keeps the video (it is no metadata block) and removes its place the same way', () => {
  test('a motion photo: the XMP goes with the other metadata, the video stays, neutralised', async () => {
    const video = mp4(box('udta', xyz(), loci()), apple());
    const prepared = await prepare(motionPhoto(video), 'all');
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
    expect(indexOf(out, 'xap/1.0')).toBe(-1);
    expect(out.subarray(out.length - video.length)).toEqual(neutralised(video, xyz(), loci(), appleItem()));
  });

  test('an Ultra HDR motion photo: the gain map goes with the MP index, the video follows the first image', async () => {
    const video = mp4(box('udta', xyz()));
    const first = [exifSegment(phoneTiff({ gps: false }).bytes)];
    const original = concat(multiPicture(first, [fakeJpeg([], 500)]), video);
    const out = await bytesOf((await prepare(original, 'all')).file);
    const alone = await bytesOf((await prepare(fakeJpeg(first, 500), 'all')).file);
    expect(out).toEqual(concat(alone, neutralised(video, xyz())));
  });
});

/** ©xyz inside `depth` udta boxes, each holding the next. */
function nestedUdta(depth: number): Uint8Array {
  const nested = concat(new Uint8Array(depth * 8), xyz());
  const view = new DataView(nested.buffer);
  for (let at = 0; at < depth * 8; at += 8) {
    view.setUint32(at, nested.length - at);
    nested.set(ascii('udta'), at + 4);
  }
  return nested;
}

/**
 * Runs `work`, counting what it asks the file for: every read of the strippers goes through BlobReader.bytes. The work
 * of a walk is counted, not timed (times belong to `npm run bench`).
 */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; steps: number; bytes: number }> {
  const read = vi.spyOn(BlobReader.prototype, 'bytes');
  try {
    const result = await work();
    return { result, steps: read.mock.calls.length, bytes: read.mock.calls.reduce((sum, [, length]) => sum + length, 0) };
  } finally {
    read.mockRestore();
  }
}

describe('a damaged or hostile video: no exception, no hang; what cannot be read is zeroed, never left', () => {
  const withVideo = (video: Uint8Array) => concat(photo(), video);
  const MANY = 100_000;
  test.each<[string, () => Uint8Array]>([
    ['the file cut off inside ©xyz', () => {
      const whole = withVideo(mp4(box('udta', xyz())));
      return whole.subarray(0, indexOf(whole, ISO6709) + 6);
    }],
    ['a box of 3 bytes (impossible) before ©xyz in udta', () => withVideo(mp4(box('udta', [0, 0, 0, 3], ascii('junk'), xyz())))],
    ['©xyz claiming 4 GB', () => {
      const bytes = withVideo(mp4(box('udta', xyz())));
      bytes.set([0xff, 0xff, 0xff, 0xff], indexOf(bytes, '\xa9xyz') - 4);
      return bytes;
    }],
    ['moov with a 64-bit size far past the end', () => {
      const video = mp4(box('udta', xyz()));
      const moov = indexOf(video, 'moov') - 4;
      return withVideo(concat(video.subarray(0, moov), [0, 0, 0, 1], ascii('moov'), [0x40, 0, 0, 0, 0, 0, 0, 0], video.subarray(moov + 8)));
    }],
    ['moov with size 0 (to the end of the file)', () => {
      const bytes = withVideo(mp4(box('udta', xyz())));
      bytes.fill(0, indexOf(bytes, 'moov') - 4, indexOf(bytes, 'moov'));
      return bytes;
    }],
    ['a keys entry with an impossible size before the location key', () => {
      const bytes = withVideo(mp4(appleMeta([appleMake, APPLE_LOCATION])));
      bytes.fill(0, indexOf(bytes, 'mdtacom.apple.quicktime.make') - 4, indexOf(bytes, 'mdtacom.apple.quicktime.make'));
      return bytes;
    }],
    ['udta nested 10,000 deep around ©xyz', () => withVideo(mp4(nestedUdta(10_000)))],
    [`${MANY.toLocaleString('en')} empty boxes before ©xyz in udta`, () => {
      const empty = new Uint8Array(MANY * 8);
      for (let at = 0; at < empty.length; at += 8) empty.set([0, 0, 0, 8, ...ascii('free')], at);
      return withVideo(mp4(box('udta', empty, xyz())));
    }],
  ])('%s', async (_, build) => {
    const original = build();
    const { result: prepared, steps, bytes } = await counted(() => prepare(original));
    // Each box header (8 bytes) is read once, moving forward: at most one step per 8 bytes, plus the JPEG's segments.
    // A walk that re-read boxes, or went back over them, would take many times that.
    expect(steps).toBeLessThanOrEqual(original.length / 8 + 100);
    // Never a read sized by what a box claims (4 GB, 2^62), nor the same bytes read over and over.
    expect(bytes).toBeLessThanOrEqual(3 * original.length);
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(out.length).toBe(original.length);
    expectNoPlace(out);
  });
});

test('boxes nested deeper than any writer nests (8 levels) are blanked whole, not entered: the walk holds 8 levels at most', async () => {
  const original = concat(photo(), mp4(nestedUdta(10_000)));
  const out = await bytesOf((await prepare(original)).file);
  expect(occurrences(original, 'udta')).toHaveLength(10_000);
  // moov is at level 0, its children at level 1: the udta boxes of levels 1 to 7 stay, the one at level 8 becomes free
  // with all it holds.
  expect(occurrences(out, 'udta')).toHaveLength(7);
});

test('a damaged block dropped from the gain map: the MP index and the XMP directory both give its new length, and the video is still found from the end', async () => {
  const damaged = exifSegment(ascii('not a TIFF'));
  // 1,005 bytes, 985 without the damaged block: the length loses a digit, and the XMP must keep its own length.
  const gainMap = fakeJpeg([damaged], 884);
  expect(gainMap.length).toBe(1005);
  const video = mp4(box('udta', xyz()));
  const xmp = motionPhotoXmp([{ semantic: 'GainMap', mime: 'image/jpeg', length: gainMap.length }, { semantic: 'MotionPhoto', mime: 'video/mp4', length: video.length }]);
  const original = concat(multiPicture([xmpSegment(xmp)], [gainMap]), video);
  const prepared = await prepare(original);
  const out = await bytesOf(prepared.file);
  const text = new TextDecoder('latin1').decode(out);
  const length = Number(/Item:Semantic="GainMap" Item:Length="(\d+)"/.exec(text)?.[1]);
  expect(length).toBe(gainMap.length - damaged.length);
  expect(out.length).toBe(original.length - damaged.length);
  expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
  // A reader (media3's MotionPhotoDescription) counts the items back from the end: the gain map starts where it is.
  const gainMapStart = out.length - video.length - length;
  expect([out[gainMapStart], out[gainMapStart + 1], out[gainMapStart - 2], out[gainMapStart - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  expect(indexOf(out, xmp.slice(0, 200))).toBeGreaterThan(0);
  expect(out.subarray(out.length - video.length)).toEqual(neutralised(video, xyz()));
});
