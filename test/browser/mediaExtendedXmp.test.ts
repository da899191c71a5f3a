// GPS in Extended XMP (XMP spec part 3: XMP too large for one APP1 goes on in "xmp/extension" segments), on a JPEG
// made by the browser's own encoder: 'location' must blank it there too, even where a property spans two segments.
import { expect, test } from 'vitest';
import { prepareFile } from '../../src/core/media/prepareFile';
import { ascii, concat, indexOf, insertIntoJpeg, jpegSegment, xmpSegment } from '../unit/media/mediaBytes';

const signal = () => new AbortController().signal;
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const GUID = '0123456789ABCDEF0123456789ABCDEF';

/** The extension's text cut into segments at `cuts`, each headed by the GUID, the whole length and its offset. */
function extendedXmp(xml: string, cuts: number[]): Uint8Array[] {
  const edges = [0, ...cuts, xml.length];
  return edges.slice(1).map((end, i) => {
    const numbers = new Uint8Array(8);
    new DataView(numbers.buffer).setUint32(0, xml.length);
    new DataView(numbers.buffer).setUint32(4, edges[i]!);
    return jpegSegment(0xe1, concat(ascii('http://ns.adobe.com/xmp/extension/\0'), ascii(GUID), numbers, ascii(xml.slice(edges[i], end))));
  });
}

const extension =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""' +
  ' xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:GDepth="http://ns.google.com/photos/1.0/depthmap/" exif:GPSLatitude="48,51.5N"' +
  ' GDepth:Data="AAAA"><exif:GPSLongitude>2,17.4E</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta>';
const main = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="0123456789ABCDEF0123456789ABCDEF"/></rdf:RDF></x:xmpmeta>';

async function photo(): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(320, 240);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#2563eb';
  context.fillRect(0, 0, 320, 240);
  return bytesOf(await canvas.convertToBlob({ type: 'image/jpeg' }));
}

test('GPS in Extended XMP is blanked, a property cut across two segments too; the rest is kept, the photo still decodes', async () => {
  // The longitude element is cut in the middle of its value: the second segment alone holds "17.4E</exif:GPSLongitude>".
  const cut = extension.indexOf('2,17.4E') + 2;
  const original = insertIntoJpeg(await photo(), xmpSegment(main), ...extendedXmp(extension, [extension.indexOf('GDepth:Data'), cut]));
  const file = new File([original as Uint8Array<ArrayBuffer>], 'PXL_0001.jpg', { type: 'image/jpeg' });

  const prepared = await prepareFile(file, 'image/jpeg', undefined, signal());
  const out = await bytesOf(prepared.file);

  expect(prepared.changes).toEqual([{ kind: 'location-removed' }]);
  expect(out.length).toBe(original.length);
  for (const gone of ['48,51.5N', '17.4E', 'GPSLatitude', 'GPSLongitude']) expect(indexOf(out, gone)).toBe(-1);
  // Everything else is where it was: the depth map's property and the pointer to the extension.
  expect(indexOf(out, 'GDepth:Data="AAAA"')).toBe(indexOf(original, 'GDepth:Data="AAAA"'));
  expect(indexOf(out, 'HasExtendedXMP')).toBe(indexOf(original, 'HasExtendedXMP'));
  const bitmap = await createImageBitmap(prepared.file);
  expect([bitmap.width, bitmap.height]).toEqual([320, 240]);
  bitmap.close();
});

test('Extended XMP without a location is left byte for byte; one whose GPS element is never closed is blanked whole', async () => {
  const clean = insertIntoJpeg(await photo(), ...extendedXmp('<x:xmpmeta><GDepth:Data>AAAA</GDepth:Data></x:xmpmeta>', [10]));
  const kept = new File([clean as Uint8Array<ArrayBuffer>], 'clean.jpg', { type: 'image/jpeg' });
  const untouched = await prepareFile(kept, 'image/jpeg', undefined, signal());
  expect(untouched.file).toBe(kept);
  expect(untouched.changes).toEqual([]);

  const damaged = insertIntoJpeg(await photo(), ...extendedXmp('<x:xmpmeta><exif:GPSLatitude>48,51.5N</x:xmpmeta>', [20]));
  const prepared = await prepareFile(new File([damaged as Uint8Array<ArrayBuffer>], 'odd.jpg', { type: 'image/jpeg' }), 'image/jpeg', undefined, signal());
  const out = await bytesOf(prepared.file);
  expect(indexOf(out, '48,51.5N')).toBe(-1);
  expect(out.length).toBe(damaged.length);
  expect(prepared.changes).toEqual([{ kind: 'metadata-removed' }]);
});
