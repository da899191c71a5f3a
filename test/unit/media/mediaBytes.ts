// Test writers for media bytes with metadata: a small EXIF/TIFF writer, and JPEG, PNG and WebP containers that
// carry it. Plain Uint8Array code, shared by the Node unit tests and the real-browser tests.

export interface Entry {
  tag: number;
  /** 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL. */
  type: 1 | 2 | 3 | 4 | 5;
  values: number[] | string;
}

const SIZE = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 } as const;
export const GPS_SENTINEL = 'GPS-SENTINEL-48.8584N';

export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A GPS IFD such as a phone writes: latitude and longitude as rationals, and a datum carrying a sentinel. */
export const gpsEntries: Entry[] = [
  { tag: 0x0000, type: 1, values: [2, 3, 0, 0] },
  { tag: 0x0001, type: 2, values: 'N' },
  { tag: 0x0002, type: 5, values: [48, 1, 51, 1, 3003, 100] },
  { tag: 0x0003, type: 2, values: 'E' },
  { tag: 0x0004, type: 5, values: [2, 1, 17, 1, 4020, 100] },
  { tag: 0x0012, type: 2, values: GPS_SENTINEL },
];

export interface TiffLayout {
  bytes: Uint8Array;
  /** Start and end (exclusive) of IFD0's count, entries and next-IFD offset. */
  ifd0: [number, number];
  /** Start and end of the GPS IFD and its values. */
  gps: [number, number];
}

/**
 * A TIFF: IFD0 (with `ifd0` entries plus a GPS pointer when `gps` is given), the GPS IFD, then IFD1 with `tail`
 * entries (a thumbnail's place) so that the next-IFD offset of IFD0 is not 0.
 */
export function writeTiff({ little = false, ifd0, gps, ifd1 = [{ tag: 0x0103, type: 3, values: [6] }] }: { little?: boolean; ifd0: Entry[]; gps?: Entry[]; ifd1?: Entry[] }): TiffLayout {
  const out: number[] = [];
  const u16 = (v: number) => (little ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const u32 = (v: number) => (little ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
  const valueBytes = (e: Entry) => {
    const values = typeof e.values === 'string' ? [...ascii(e.values), 0] : e.values;
    if (e.type === 1 || e.type === 2) return values;
    if (e.type === 3) return values.flatMap(u16);
    return values.flatMap(u32); // LONG, and RATIONAL as pairs of LONGs
  };
  const count = (e: Entry) => (typeof e.values === 'string' ? e.values.length + 1 : e.type === 5 ? e.values.length / 2 : e.values.length);
  const ifdSize = (entries: Entry[]) => 2 + entries.length * 12 + 4 + entries.reduce((n, e) => n + (count(e) * SIZE[e.type] > 4 ? count(e) * SIZE[e.type] : 0), 0);
  const writeIfd = (at: number, entries: Entry[], next: number) => {
    let data = at + 2 + entries.length * 12 + 4;
    const tail: number[] = [];
    out.push(...u16(entries.length));
    for (const e of [...entries].sort((a, b) => a.tag - b.tag)) {
      const bytes = valueBytes(e);
      out.push(...u16(e.tag), ...u16(e.type), ...u32(count(e)));
      if (bytes.length <= 4) out.push(...bytes, ...new Array(4 - bytes.length).fill(0));
      else {
        out.push(...u32(data));
        tail.push(...bytes);
        data += bytes.length;
      }
    }
    out.push(...u32(next), ...tail);
  };
  const first = [...ifd0];
  const ifd0Start = 8;
  if (gps) first.push({ tag: 0x8825, type: 4, values: [0] });
  const gpsStart = ifd0Start + ifdSize(first);
  if (gps) first[first.length - 1] = { tag: 0x8825, type: 4, values: [gpsStart] };
  const ifd1Start = gpsStart + (gps ? ifdSize(gps) : 0);
  out.push(...(little ? ascii('II') : ascii('MM')), ...u16(42), ...u32(ifd0Start));
  writeIfd(ifd0Start, first, ifd1Start);
  if (gps) writeIfd(gpsStart, gps, 0);
  writeIfd(ifd1Start, ifd1, 0);
  return { bytes: Uint8Array.from(out), ifd0: [ifd0Start, ifd0Start + 2 + first.length * 12 + 4], gps: [gpsStart, ifd1Start] };
}

/** IFD0 as phones write it: orientation, make and model, with the GPS pointer added by writeTiff. */
export function phoneTiff(options: { little?: boolean; orientation?: number; gps?: boolean } = {}): TiffLayout {
  return writeTiff({
    little: options.little ?? false,
    ifd0: [
      { tag: 0x010f, type: 2, values: 'PhoneMaker' },
      { tag: 0x0110, type: 2, values: 'Phone 15 Pro Max' },
      { tag: 0x0112, type: 3, values: [options.orientation ?? 1] },
      { tag: 0x0132, type: 2, values: '2026:12:04 10:00:00' },
    ],
    ...(options.gps === false ? {} : { gps: gpsEntries }),
  });
}

export const xmpWithGps = (): string =>
  `<?xpacket begin="\u00ef\u00bb\u00bf" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" exif:GPSLatitude="48,51.5N" xmp:CreatorTool="Camera 1.0">` +
  `<exif:GPSLongitude>2,17.4E</exif:GPSLongitude><xmp:Rating>5</xmp:Rating></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export const jpegSegment = (marker: number, payload: Uint8Array): Uint8Array =>
  concat([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff], payload);
export const exifSegment = (tiff: Uint8Array) => jpegSegment(0xe1, concat(ascii('Exif\0\0'), tiff));
export const xmpSegment = (xmp: string) => jpegSegment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), ascii(xmp)));

/** Puts `segments` right after a JPEG's APP0 (or its SOI when it has none), as cameras place EXIF. */
export function insertIntoJpeg(jpeg: Uint8Array, ...segments: Uint8Array[]): Uint8Array {
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + ((jpeg[4]! << 8) | jpeg[5]!);
  return concat(jpeg.subarray(0, at), ...segments, jpeg.subarray(at));
}

/** A JPEG shape that is enough for byte-level tests: SOI, the given segments, a DQT, SOS, "scan" bytes, EOI. */
export function fakeJpeg(segments: Uint8Array[], scanLength = 5000): Uint8Array {
  const scan = Uint8Array.from({ length: scanLength }, (_, i) => (i * 7 + 3) % 255);
  return concat([0xff, 0xd8], jpegSegment(0xe0, ascii('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')), ...segments, jpegSegment(0xdb, new Uint8Array(65)), [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0], scan, [0xff, 0xd9]);
}

/**
 * The APP2 segment of an MP index (CIPA DC-007): MPF version, number of images and one 16-byte entry per image with
 * its size and offset (from the TIFF header after "MPF\0"). `claim`: the entries' length in bytes it states.
 */
export function mpfSegment(images: { size: number; offset: number }[], { little = false, claim = images.length * 16 } = {}): Uint8Array {
  const tiff = new Uint8Array(50 + images.length * 16);
  const view = new DataView(tiff.buffer);
  tiff.set(ascii(little ? 'II' : 'MM'));
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, 3, little);
  const field = (at: number, tag: number, type: number, count: number, value: number) => {
    view.setUint16(at, tag, little);
    view.setUint16(at + 2, type, little);
    view.setUint32(at + 4, count, little);
    view.setUint32(at + 8, value, little);
  };
  field(10, 0xb000, 7, 4, 0);
  tiff.set(ascii('0100'), 18); // MPFVersion, UNDEFINED[4] in place
  field(22, 0xb001, 4, 1, images.length); // NumberOfImages, LONG
  field(34, 0xb002, 7, claim, 50); // MPEntry, UNDEFINED[16 × n] at 50, after the next-IFD offset (0)
  images.forEach(({ size, offset }, i) => {
    view.setUint32(50 + i * 16, i === 0 ? 0x20030000 : 0, little); // the first: representative, baseline JPEG
    view.setUint32(54 + i * 16, size, little);
    view.setUint32(58 + i * 16, offset, little);
  });
  return jpegSegment(0xe2, concat(ascii('MPF\0'), tiff));
}

/**
 * A multi-picture JPEG (a stereo MPO, an Ultra HDR photo with its gain map): a first image with `segments` and an MP
 * index after them, then the `further` images whole, as the index says. `index` writes the segment from the right
 * entries (to damage them).
 */
export function multiPicture(
  segments: Uint8Array[],
  further: Uint8Array[],
  { little = false, index = (images) => mpfSegment(images, { little }) }: { little?: boolean; index?: (images: { size: number; offset: number }[]) => Uint8Array } = {},
): Uint8Array {
  const placeholder = mpfSegment(Array.from({ length: further.length + 1 }, () => ({ size: 0, offset: 0 })));
  const first = fakeJpeg([...segments, placeholder], 500);
  const segmentAt = indexOf(first, 'MPF\0') - 4;
  let at = first.length;
  const images = [{ size: first.length, offset: 0 }];
  for (const image of further) {
    images.push({ size: image.length, offset: at - (segmentAt + 8) });
    at += image.length;
  }
  return concat(first.subarray(0, segmentAt), index(images), first.subarray(segmentAt + placeholder.length), ...further);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(ascii(type), data);
  const out = new Uint8Array(body.length + 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(body, 4);
  view.setUint32(body.length + 4, crc32(body));
  return out;
}

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Puts chunks right after a PNG's IHDR, where encoders put eXIf and text. */
export function insertIntoPng(png: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  const afterIhdr = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  return concat(png.subarray(0, afterIhdr), ...chunks, png.subarray(afterIhdr));
}

export function iTXt(keyword: string, text: string): Uint8Array {
  return pngChunk('iTXt', concat(ascii(keyword), [0, 0, 0, 0, 0], ascii(text)));
}

export function riffChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  header.set(ascii(fourcc));
  new DataView(header.buffer).setUint32(4, data.length, true);
  return concat(header, data, new Uint8Array(data.length & 1));
}

/** A WebP: RIFF header, then `chunks` (the caller gives VP8X, image and metadata chunks). */
export function webp(...chunks: Uint8Array[]): Uint8Array {
  const body = concat(ascii('WEBP'), ...chunks);
  const header = concat(ascii('RIFF'), [0, 0, 0, 0]);
  new DataView(header.buffer).setUint32(4, body.length, true);
  return concat(header, body);
}

/** VP8X with the given flags and a 1×1 canvas. */
export const vp8x = (flags: number) => riffChunk('VP8X', Uint8Array.of(flags, 0, 0, 0, 0, 0, 0, 0, 0, 0));

/** Where `needle` occurs in `haystack`, or -1. */
export function indexOf(haystack: Uint8Array, needle: Uint8Array | string): number {
  const n = typeof needle === 'string' ? ascii(needle) : needle;
  outer: for (let i = 0; i + n.length <= haystack.length; i++) {
    for (let j = 0; j < n.length; j++) if (haystack[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

/** Every place `needle` occurs. */
export function occurrences(bytes: Uint8Array, needle: Uint8Array | string): number[] {
  const found: number[] = [];
  for (let at = indexOf(bytes, needle); at !== -1; ) {
    found.push(at);
    const next = indexOf(bytes.subarray(at + 1), needle);
    at = next === -1 ? -1 : at + 1 + next;
  }
  return found;
}

/** The tags of IFD0, read the plain way: what any EXIF reader would see. */
export function ifd0Tags(tiff: Uint8Array): Map<number, Uint8Array> {
  const little = tiff[0] === 0x49;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const ifd0 = view.getUint32(4, little);
  const tags = new Map<number, Uint8Array>();
  for (let i = 0; i < view.getUint16(ifd0, little); i++) {
    const at = ifd0 + 2 + i * 12;
    tags.set(view.getUint16(at, little), tiff.slice(at + 2, at + 12));
  }
  return tags;
}

/** A PCM WAV (8-bit mono) of `seconds` of a quiet tone. */
export function wav(seconds: number, sampleRate = 8000): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const out = new Uint8Array(44 + samples);
  const view = new DataView(out.buffer);
  out.set(ascii('RIFF'), 0);
  view.setUint32(4, 36 + samples, true);
  out.set(ascii('WAVEfmt '), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate, true); // bytes per second
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  out.set(ascii('data'), 36);
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) out[44 + i] = 128 + Math.round(20 * Math.sin((i * 2 * Math.PI * 440) / sampleRate));
  return out;
}

/**
 * A WebM as a live recorder writes it: the Segment's Duration and the Cues (the index at the end) overwritten with
 * Void elements of the same length, so a browser must find the length by itself (Chromium reports Infinity).
 */
export function withoutWebmDuration(webm: Uint8Array): Uint8Array {
  const bytes = webm.slice();
  const voidOver = (at: number, headerLength: number, payload: number) => {
    // Void is a 1-byte ID; its size is written on headerLength - 1 bytes so the element keeps its length.
    const sizeLength = headerLength - 1;
    let value = payload;
    for (let i = sizeLength; i >= 1; i--, value = Math.floor(value / 256)) bytes[at + i] = value & 0xff;
    bytes[at] = 0xec;
    bytes[at + 1]! |= 0x80 >> (sizeLength - 1);
  };
  const duration = indexOf(bytes, Uint8Array.of(0x44, 0x89));
  if (duration !== -1) voidOver(duration, 3, bytes[duration + 2]! & 0x7f);
  let cues = -1;
  for (let at = indexOf(bytes, Uint8Array.of(0x1c, 0x53, 0xbb, 0x6b)); at !== -1; ) {
    cues = at;
    const next = indexOf(bytes.subarray(at + 1), Uint8Array.of(0x1c, 0x53, 0xbb, 0x6b));
    at = next === -1 ? -1 : at + 1 + next;
  }
  // The last occurrence is the Cues element itself (the first is its entry in the SeekHead).
  if (cues > 0 && bytes[cues - 3] !== 0x53) {
    const first = bytes[cues + 4]!;
    const length = Math.clz32(first) - 23;
    let size = first & (0xff >> length);
    for (let i = 1; i < length; i++) size = size * 256 + bytes[cues + 4 + i]!;
    voidOver(cues, 4 + length, size);
  }
  return bytes;
}
