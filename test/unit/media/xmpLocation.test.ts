// XMP location removal through prepareFile: GPS properties blanked wherever XMP puts them, and a hostile block
// (PNG iTXt and WebP XMP have no size limit) handled in one pass.
import { expect, test } from 'vitest';
import { prepareFile } from '../../../src/core/media/prepareFile';
import { ascii, concat, fakeJpeg, indexOf, insertIntoPng, iTXt, PNG_SIGNATURE, pngChunk, riffChunk, vp8x, webp, xmpSegment } from './mediaBytes';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const signal = () => new AbortController().signal;
const file = (bytes: Uint8Array, name: string, type: string) => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

test('GPS attributes and elements in any namespace are blanked, nested and self-closing ones too; the rest stays', async () => {
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="48,51.5N" xmp:CreatorTool="Camera 1.0" drone-dji:GpsLongitude=\'+2.29\'>' +
    // GPSAltitudeRef inside GPSAltitude: the first "</exif:GPSAltitude" found is not its closing tag.
    '<exif:GPSAltitude rdf:parseType="Resource">35<exif:GPSAltitudeRef>0</exif:GPSAltitudeRef></exif:GPSAltitude >' +
    '<exif:GPSAreaInformation><rdf:Alt><rdf:li xml:lang="x-default">Paris 7e</rdf:li></rdf:Alt></exif:GPSAreaInformation>' +
    '<exif:GPSVersionID/><drone-dji:GpsStatus>Normal</drone-dji:GpsStatus><xmp:Rating>5</xmp:Rating>' +
    '</rdf:Description></rdf:RDF></x:xmpmeta>';
  const original = fakeJpeg([xmpSegment(xmp)]);
  const prepared = await prepareFile(file(original, 'photo.jpg', 'image/jpeg'), 'image/jpeg', undefined, signal());
  const out = await bytesOf(prepared.file);
  expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
  expect(out.length).toBe(original.length);
  for (const gone of ['GPS', 'Gps', '48,51.5N', '+2.29', '>35', 'Paris 7e', 'Normal']) expect(indexOf(out, gone), gone).toBe(-1);
  for (const kept of ['xmp:CreatorTool="Camera 1.0"', '<xmp:Rating>5</xmp:Rating></rdf:Description>']) expect(indexOf(out, kept), kept).toBeGreaterThan(0);
});

const MB = 1024 * 1024;
const png = (xmp: string) =>
  insertIntoPng(
    concat(PNG_SIGNATURE, pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0)), pngChunk('IDAT', new Uint8Array(20)), pngChunk('IEND', new Uint8Array(0))),
    iTXt('XML:com.adobe.xmp', xmp),
  );
const webpOf = (xmp: string) => webp(vp8x(0x04), riffChunk('VP8L', new Uint8Array(20)), riffChunk('XMP ', ascii(xmp)));

// 1 MB of GPS elements that never close (the former lazy regex took time quadratic in the block's size, ~27 s for
// this one). What is asserted is the outcome: an element that never closes makes the block damaged, dropped whole,
// which the former code did not do (it left the block in place).
test.each([
  ['PNG iTXt', 'unclosed elements', png, 'image/png', '<a:GPS>'],
  ['PNG iTXt', 'unended start tags', png, 'image/png', '<a:GPS '],
  ['WebP XMP', 'unclosed elements', webpOf, 'image/webp', '<a:GPS>'],
])('a 1 MB %s of %s is damaged: dropped whole, in one pass', async (_, __, container, type, piece) => {
  const original = container(piece.repeat(Math.floor(MB / piece.length)));
  const prepared = await prepareFile(file(original, 'hostile', type), type, undefined, signal());
  const out = await bytesOf(prepared.file);
  expect(prepared.changes).toEqual([{ kind: 'metadata-removed' }]);
  expect(out.length).toBeLessThan(100);
  expect(indexOf(out, 'GPS')).toBe(-1);
});
