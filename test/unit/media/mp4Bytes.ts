// Test writers for the MP4 a motion photo appends after its JPEG: ISO boxes with the places phones record (Android's
// ©xyz, 3GPP loci, Apple's keys/ilst), and the XMP that tells a reader where the video starts.
import { ascii, concat } from './mediaBytes';

/** Where the photo was taken, as ISO 6709 (what ©xyz and Apple's location key hold). */
export const ISO6709 = '+48.8584+002.2945+035.000/';
export const PLACE_NAME = 'Tour Eiffel';

const u16 = (v: number) => [v >> 8, v & 0xff];
const u32 = (v: number) => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

/** A box: 32-bit size and type (four letters, or a number: an ilst item's key index), then its payload. */
export const box = (type: string | number, ...payload: (Uint8Array | number[])[]): Uint8Array => {
  const body = concat(...payload);
  return concat(u32(body.length + 8), typeof type === 'number' ? u32(type) : ascii(type), body);
};
/** A full box: version and flags (0) before its payload. */
export const fullBox = (type: string, ...payload: (Uint8Array | number[])[]) => box(type, [0, 0, 0, 0], ...payload);

/** moov/udta/©xyz as Android's MediaMuxer and iOS write it: string length, language, ISO 6709 text. */
export const xyz = (place = ISO6709) => box('\xa9xyz', u16(place.length), u16(0x15c7), ascii(place));

/** 3GPP TS 26.244 loci: language, name, role, longitude, latitude, altitude (16.16), body, notes. */
export const loci = () =>
  fullBox('loci', u16(0x15c7), ascii(`${PLACE_NAME}\0`), [0], u32(2.2945 * 65536), u32(48.8584 * 65536), u32(35 * 65536), ascii('earth\0'), ascii('\0'));

/** A user data text box that holds no place (make, model). */
export const udtaText = (type: string, text: string) => box(type, u16(text.length), u16(0x15c7), ascii(text));

/** QuickTime metadata as iOS writes it in moov/meta: hdlr 'mdta', the keys, then one ilst item per key (index from 1). */
export function appleMeta(entries: [key: string, value: string][]): Uint8Array {
  const keys = fullBox('keys', u32(entries.length), ...entries.map(([key]) => box('mdta', ascii(key))));
  const items = entries.map(([, value], i) => box(i + 1, box('data', u32(1), u32(0), ascii(value))));
  return box('meta', fullBox('hdlr', u32(0), ascii('mdta'), new Uint8Array(12), [0]), keys, box('ilst', ...items));
}

/**
 * An MP4 as a phone's camera appends it: ftyp, mdat (the frames), then moov with a track whose stco points into the
 * mdat (offsets from the video's own start), and `moovExtra` (udta, meta) at its end.
 */
export function mp4(...moovExtra: Uint8Array[]): Uint8Array {
  const ftyp = box('ftyp', ascii('isom'), u32(0x200), ascii('isomiso2mp41'));
  const mdat = box('mdat', Uint8Array.from({ length: 3000 }, (_, i) => (i * 13 + 5) % 256));
  const stbl = box('stbl', fullBox('stco', u32(1), u32(ftyp.length + 8)));
  const trak = box('trak', fullBox('tkhd', new Uint8Array(80)), box('mdia', fullBox('mdhd', new Uint8Array(20)), box('minf', stbl)));
  return concat(ftyp, mdat, box('moov', fullBox('mvhd', new Uint8Array(96)), trak, ...moovExtra));
}

/** The Motion Photo 1.0 XMP: Camera:MotionPhoto and a Container directory whose items follow the primary image, in order. */
export function motionPhotoXmp(items: { semantic: string; mime: string; length: number }[], primaryPadding = 0): string {
  const li = (attributes: string) => `<rdf:li rdf:parseType="Resource"><Container:Item ${attributes}/></rdf:li>`;
  return (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:Camera="http://ns.google.com/photos/1.0/camera/" xmlns:Container="http://ns.google.com/photos/1.0/container/" ' +
    'xmlns:Item="http://ns.google.com/photos/1.0/container/item/" Camera:MotionPhoto="1" Camera:MotionPhotoVersion="1" Camera:MotionPhotoPresentationTimestampUs="966000">' +
    `<Container:Directory><rdf:Seq>${li(`Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="${primaryPadding}"`)}` +
    items.map(({ semantic, mime, length }) => li(`Item:Mime="${mime}" Item:Semantic="${semantic}" Item:Length="${length}" Item:Padding="0"`)).join('') +
    '</rdf:Seq></Container:Directory></rdf:Description></rdf:RDF></x:xmpmeta>'
  );
}

/** The older MicroVideo XMP (MVIMG_*.jpg): the video starts `offset` bytes before the end of the file. */
export const microVideoXmp = (offset: number) =>
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
  `xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" GCamera:MicroVideo="1" GCamera:MicroVideoVersion="1" GCamera:MicroVideoOffset="${offset}"/></rdf:RDF></x:xmpmeta>`;

const u32le = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];

/**
 * Samsung's trailer (SEF), as its phones append it after the JPEG: records `[0 0][type LE][name length LE][name][data]`
 * (MotionPhoto_Data is type 0x0a30, its data the MP4), then the SEFH directory (each entry: type, offset back from the
 * directory, size; little-endian) and the footer `[directory length LE] SEFT` (ExifTool's Samsung.pm ProcessSamsung).
 */
export function samsungTrailer(records: [type: number, name: string, data: Uint8Array][]): Uint8Array {
  const blocks = records.map(([type, name, data]) => concat([0, 0, type & 0xff, type >> 8], u32le(name.length), ascii(name), data));
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  let start = 0;
  const entries = blocks.map((block, i) => {
    const entry = concat([0, 0, records[i]![0] & 0xff, records[i]![0] >> 8], u32le(total - start), u32le(block.length));
    start += block.length;
    return entry;
  });
  const directory = concat(ascii('SEFH'), u32le(106), u32le(records.length), ...entries);
  return concat(...blocks, directory, u32le(directory.length), ascii('SEFT'));
}
