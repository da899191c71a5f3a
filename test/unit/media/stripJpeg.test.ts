// Location and metadata stripping of JPEG through prepareFile, checked byte by byte.
import { describe, expect, test } from 'vitest';
import { prepareFile } from '../../../src/core/media/prepareFile';
import { ascii, exifSegment, fakeJpeg, GPS_SENTINEL, ifd0Tags, indexOf, jpegSegment, phoneTiff, xmpSegment, xmpWithGps } from './mediaBytes';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const signal = () => new AbortController().signal;
const jpegFile = (bytes: Uint8Array, name = 'photo.jpg') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'image/jpeg' });

describe.each([
  ['big-endian (MM)', false],
  ['little-endian (II)', true],
])('JPEG EXIF %s', (_, little) => {
  test('"location" removes the GPS IFD and its pointer; every byte outside them is identical', async () => {
    const tiff = phoneTiff({ little, orientation: 6 });
    const original = fakeJpeg([exifSegment(tiff.bytes)]);
    const prepared = await prepareFile(jpegFile(original), 'image/jpeg', undefined, signal());
    const out = await bytesOf(prepared.file);

    expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
    expect(prepared.file.name).toBe('photo.jpg');
    expect(prepared.type).toBe('image/jpeg');
    expect(out.length).toBe(original.length);
    expect(indexOf(out, GPS_SENTINEL)).toBe(-1);
    const tiffAt = indexOf(original, 'Exif\0\0') + 6;
    const before = ifd0Tags(original.subarray(tiffAt));
    const after = ifd0Tags(out.subarray(tiffAt));
    expect([...after.keys()]).toEqual([...before.keys()].filter((tag) => tag !== 0x8825));
    for (const [tag, entry] of after) expect(entry).toEqual(before.get(tag));
    // Only IFD0's table and the GPS IFD changed; the GPS IFD is all zeros now.
    const changed = (i: number) => (i >= tiffAt + tiff.ifd0[0] && i < tiffAt + tiff.ifd0[1]) || (i >= tiffAt + tiff.gps[0] && i < tiffAt + tiff.gps[1]);
    for (let i = 0; i < out.length; i++) if (!changed(i)) expect(out[i], `byte ${i}`).toBe(original[i]);
    expect(out.subarray(tiffAt + tiff.gps[0], tiffAt + tiff.gps[1]).every((b) => b === 0)).toBe(true);
    // IFD1 (the thumbnail) is still where IFD0 says.
    const view = new DataView(out.buffer, tiffAt);
    const ifd0Count = view.getUint16(8, little);
    expect(view.getUint32(8 + 2 + ifd0Count * 12, little)).toBe(tiff.gps[1]);
  });
});

test('"location" blanks GPS in XMP with spaces and keeps the rest of the packet', async () => {
  const original = fakeJpeg([exifSegment(phoneTiff({ gps: false }).bytes), xmpSegment(xmpWithGps())]);
  const prepared = await prepareFile(jpegFile(original), 'image/jpeg', { stripMetadata: 'location' }, signal());
  const out = await bytesOf(prepared.file);
  expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
  expect(out.length).toBe(original.length);
  expect(indexOf(out, 'GPS')).toBe(-1);
  expect(indexOf(out, 'xmp:CreatorTool="Camera 1.0"')).toBeGreaterThan(0);
  expect(indexOf(out, '<xmp:Rating>5</xmp:Rating></rdf:Description>')).toBeGreaterThan(0);
});

test('drone XMP (drone-dji:GpsLatitude, any case and namespace) is blanked too', async () => {
  const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description drone-dji:GpsLatitude="+48.85" drone-dji:GpsLongitude="+2.29" drone-dji:FlightYawDegree="+12.3"/></rdf:RDF></x:xmpmeta>';
  const original = fakeJpeg([xmpSegment(xmp)]);
  const out = await bytesOf((await prepareFile(jpegFile(original), 'image/jpeg', undefined, signal())).file);
  expect(indexOf(out, '+48.85')).toBe(-1);
  expect(indexOf(out, '+2.29')).toBe(-1);
  expect(indexOf(out, 'drone-dji:FlightYawDegree="+12.3"')).toBeGreaterThan(0);
});

test('a JPEG without location comes back as the same File, untouched', async () => {
  const file = jpegFile(fakeJpeg([exifSegment(phoneTiff({ gps: false }).bytes)]));
  const prepared = await prepareFile(file, 'image/jpeg', undefined, signal());
  expect(prepared.file).toBe(file);
  expect(prepared.changes).toEqual([]);
});

test('stripMetadata: false leaves the GPS block alone', async () => {
  const file = jpegFile(fakeJpeg([exifSegment(phoneTiff().bytes)]));
  const prepared = await prepareFile(file, 'image/jpeg', { stripMetadata: false }, signal());
  expect(prepared.file).toBe(file);
  expect(indexOf(await bytesOf(prepared.file), GPS_SENTINEL)).toBeGreaterThan(0);
});

describe('"all"', () => {
  const icc = jpegSegment(0xe2, ascii('ICC_PROFILE\0\x01\x01fake-profile-bytes'));
  const adobe = jpegSegment(0xee, ascii('Adobe\0\x64\0\0\0\0\x01'));
  const others = [xmpSegment(xmpWithGps()), jpegSegment(0xed, ascii('Photoshop 3.0\0IPTC')), jpegSegment(0xfe, ascii('a comment'))];

  test('keeps JFIF, the ICC profile, Adobe and an orientation-only EXIF; drops the rest; the scan is identical', async () => {
    const original = fakeJpeg([exifSegment(phoneTiff({ orientation: 6 }).bytes), icc, ...others, adobe]);
    const prepared = await prepareFile(jpegFile(original), 'image/jpeg', { stripMetadata: 'all' }, signal());
    const out = await bytesOf(prepared.file);
    expect(prepared.changes).toEqual([{ kind: 'location-removed' }, { kind: 'metadata-removed' }]);
    for (const gone of [GPS_SENTINEL, 'PhoneMaker', 'xap/1.0', 'Photoshop', 'a comment', '2026:12:04']) expect(indexOf(out, gone), gone).toBe(-1);
    for (const kept of ['JFIF\0', 'ICC_PROFILE\0\x01\x01fake-profile-bytes', 'Adobe\0']) expect(indexOf(out, kept), kept).toBeGreaterThan(0);
    const exifAt = indexOf(out, 'Exif\0\0');
    expect([...ifd0Tags(out.subarray(exifAt + 6)).entries()]).toEqual([[0x0112, Uint8Array.of(0, 3, 0, 0, 0, 1, 0, 6, 0, 0)]]);
    const scan = (bytes: Uint8Array) => bytes.subarray(indexOf(bytes, [0xff, 0xdb] as unknown as Uint8Array));
    expect(scan(out)).toEqual(scan(original));
  });

  test('an upright photo keeps no EXIF at all', async () => {
    const original = fakeJpeg([exifSegment(phoneTiff({ orientation: 1 }).bytes)]);
    const out = await bytesOf((await prepareFile(jpegFile(original), 'image/jpeg', { stripMetadata: 'all' }, signal())).file);
    expect(indexOf(out, 'Exif')).toBe(-1);
    expect(out.length).toBe(original.length - exifSegment(phoneTiff({ orientation: 1 }).bytes).length);
  });
});
