// JPEG: metadata lives in APPn/COM segments before the first scan (SOS). Only those segments are read; the
// compressed image from SOS to the end (or to the next image of a multi-picture file) is reused as a Blob slice,
// never copied or decoded. A video appended after the last image (a motion photo) has its location boxes blanked.
import { Assembler, BlobReader, concat, DamagedFileError, dropIfDamaged, startsWithAscii, u16be } from './bytes';
import { blankXmpGps, hasGps, orientationOf, orientationTiff, removeGps } from './exif';
import { blankExtendedXmpGps, isExtendedXmp } from './extendedXmp';
import { EOI, SOS, standsAlone } from './jpegScan';
import { findMotionVideo, type MotionPhotoXmp, readMotionPhotoXmp, writeItemLength } from './motionPhoto';
import { type MpfImage, readMpfIndex, writeMpfEntry } from './mpfIndex';
import { stripMp4Location } from './stripMp4Location';
import type { StripMode, StripResult } from './stripMetadata';

const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const APP15 = 0xef;
const COM = 0xfe;
const EXIF = 'Exif\0\0';
const XMP = 'http://ns.adobe.com/xap/1.0/\0';
const MPF = 'MPF\0';

type Found = { location: boolean; metadata: boolean };

/** The first image's MP index; its offsets count from its TIFF header, at `tiffAt` in the file and `outAt` in the output. */
interface Mpf {
  images: MpfImage[];
  tiffAt: number;
  outAt: number;
  /** The index's TIFF (in the output), kept as bytes in 'location' so that its entries can be rewritten; null in 'all'. */
  tiff: Uint8Array | null;
}

/** One image's segments, edited; `scan`: where its first scan (SOS, or EOI) starts, left to the caller. */
interface ImageHeaders {
  out: Assembler;
  scan: number;
  mpf: Mpf | null;
  /** What the first image's XMP says of a video appended to the file. */
  xmp: MotionPhotoXmp | null;
}

/** The rest of the file, after the headers: kept from `from`, up to `cut` ('all' drops the further images there). */
interface Tail {
  from: number;
  cut: number | null;
  /** Where the MP index's last image ends, when it has further images. */
  lastEnd: number | null;
}

export async function stripJpeg(file: Blob, mode: StripMode, head?: Uint8Array | null): Promise<StripResult> {
  const reader = new BlobReader(file, head);
  const result = { location: false, metadata: false };
  const first = await stripHeaders(reader, 0, mode, result, true);
  const tail = first.mpf ? await stripFurtherImages(reader, first, first.mpf, mode, result) : { from: first.scan, cut: null, lastEnd: null };
  const video = await findMotionVideo(reader, first.xmp, tail.lastEnd, first.scan, tail.cut ?? tail.from);
  first.out.keep(tail.from, tail.cut ?? video ?? reader.size);
  // 'all' keeps the video too (it is no metadata block), without its location.
  if (video !== null && (await stripMp4Location(reader, video, first.out))) result.location = true;
  return { blob: first.out.build(file, 'image/jpeg'), ...result };
}

async function stripHeaders(reader: BlobReader, start: number, mode: StripMode, result: Found, findIndex: boolean): Promise<ImageHeaders> {
  await expectSoi(reader, start);
  const out = new Assembler();
  let mpf: Mpf | null = null;
  let xmp: MotionPhotoXmp | null = null;
  // 'location': Extended XMP payloads, held as bytes and edited together once the headers end.
  const extended: Uint8Array[] = [];
  out.keep(start, start + 2);
  let offset = start + 2;
  for (;;) {
    const head = await reader.bytes(offset, 2, 'a JPEG segment');
    if (head[0] !== 0xff) throw new DamagedFileError(`the JPEG has no segment marker at byte ${offset}`);
    const marker = head[1]!;
    if (marker === 0xff) {
      // Fill byte before a marker.
      out.keep(offset, offset + 1);
      offset += 1;
      continue;
    }
    if (marker === SOS || marker === EOI) {
      const found = blankExtendedXmpGps(extended);
      if (found.location) result.location = true;
      if (found.damaged) result.metadata = true;
      out.changed ||= found.location || found.damaged;
      return { out, scan: offset, mpf, xmp };
    }
    if (standsAlone(marker)) {
      out.keep(offset, offset + 2);
      offset += 2;
      continue;
    }
    const length = u16be(await reader.bytes(offset + 2, 2, 'a JPEG segment length'), 0);
    if (length < 2) throw new DamagedFileError(`the JPEG segment at byte ${offset} has an impossible length`);
    const end = offset + 2 + length;
    if (end > reader.size) throw new DamagedFileError(`the JPEG segment at byte ${offset} runs past the end of the file`);
    const isMetadata = (marker >= APP0 && marker <= APP15) || marker === COM;
    const payload = isMetadata ? await reader.bytes(offset + 4, length - 2, 'a JPEG segment') : null;
    if (!payload) {
      out.keep(offset, end);
    } else if (mode === 'location' && marker === APP1 && isExtendedXmp(payload)) {
      const bytes = segment(marker, payload.slice());
      out.hold(bytes);
      extended.push(bytes.subarray(4));
    } else if (findIndex && !mpf && marker === APP2 && startsWithAscii(payload, MPF)) {
      // Read outside dropIfDamaged: dropping a damaged index would keep the images it points to, GPS and all.
      mpf = { images: readMpfIndex(payload.subarray(MPF.length)), tiffAt: offset + 8, outAt: out.length + 8, tiff: null };
      // Kept as bytes in 'location', to be rewritten if an image's size changes; dropped with the rest in 'all'.
      if (mode === 'location') {
        const bytes = segment(marker, payload.slice());
        out.hold(bytes);
        mpf.tiff = bytes.subarray(4 + MPF.length);
      } else out.changed = result.metadata = true;
    } else {
      // Read before the edit: 'all' drops the XMP, and the video it places is kept.
      const motion: MotionPhotoXmp | null = findIndex && !xmp && marker === APP1 && startsWithAscii(payload, XMP) ? readMotionPhotoXmp(payload.subarray(XMP.length)) : null;
      const replacement = dropIfDamaged(() => editSegment(marker, payload, mode, result), result);
      xmp ??= motion;
      if (motion && mode === 'location' && replacement !== null) {
        // Kept as bytes, like the MP index, so that a further image's length can be rewritten in it.
        const bytes = replacement ?? segment(marker, payload.slice());
        if (replacement) out.put(bytes);
        else out.hold(bytes);
        motion.bytes = bytes.subarray(4 + XMP.length);
      } else if (replacement === undefined) out.keep(offset, end);
      else if (replacement !== null) out.put(replacement);
      else out.changed = true;
    }
    offset = end;
  }
}

/**
 * The further images of an MP index (the other eye of a stereo MPO, an Ultra HDR gain map) follow the first image's
 * EOI, each a whole JPEG with its own EXIF. 'location' walks each one's segments like the first's and keeps its
 * scan; its edits keep lengths, so the index (and the XMP directory) is rewritten only when a damaged block was
 * dropped. 'all' drops the index with the other metadata, and with it the images only the index leads to: the file
 * is cut where they begin.
 */
async function stripFurtherImages(reader: BlobReader, first: ImageHeaders, mpf: Mpf, mode: StripMode, result: Found): Promise<Tail> {
  const { out } = first;
  // An image the index places at or past the end is absent: a tool that rewrote the file (jpegtran -copy all) kept the
  // index and dropped the gain map. Nothing there can hold a location, and the photo is still whole.
  const further = mpf.images
    .filter((image) => image.offset !== 0 && mpf.tiffAt + image.offset < reader.size)
    .sort((a, b) => a.offset - b.offset);
  let scan = first.scan;
  // Each image must start after the last one's headers: the walk only moves forward, whatever the index says.
  const startOf = (image: MpfImage) => {
    const start = mpf.tiffAt + image.offset;
    if (start + image.size > reader.size) throw new DamagedFileError('the MPF index points past the end of the file');
    if (start < scan) throw new DamagedFileError(`the MPF index points to byte ${start}, inside an image before it`);
    return start;
  };
  const last = further.at(-1);
  const lastEnd = last ? mpf.tiffAt + last.offset + last.size : null;
  if (mode === 'all') {
    const cut = further[0] ? startOf(further[0]) : null;
    if (cut !== null) await expectSoi(reader, cut);
    return { from: scan, cut, lastEnd };
  }
  const rewrite = (image: MpfImage, size: number, offset: number) => {
    if (size === image.size && offset === image.offset) return;
    // At least 0: an index that understated a size, with a damaged block dropped, must not wrap around to 4 GB.
    writeMpfEntry(mpf.tiff!, image, Math.max(size, 0), offset);
    out.changed = true;
  };
  const firstHeaders = out.length;
  let position = firstHeaders;
  for (const image of further) {
    const start = startOf(image);
    out.keep(scan, start);
    position += start - scan;
    const next = await stripHeaders(reader, start, mode, result, false);
    const written = next.out.length;
    const size = image.size + written - (next.scan - start);
    rewrite(image, size, position - mpf.outAt);
    // The XMP directory gives the gain map's length too: readers count the items back from the end with it.
    if (size !== image.size && first.xmp) writeItemLength(first.xmp, image.size, size);
    position += written;
    out.append(next.out);
    scan = next.scan;
  }
  for (const image of mpf.images) if (image.offset === 0) rewrite(image, image.size + firstHeaders - first.scan, 0);
  return { from: scan, cut: null, lastEnd };
}

async function expectSoi(reader: BlobReader, start: number): Promise<void> {
  const soi = await reader.bytes(start, 2, start === 0 ? 'the JPEG header' : 'an image of the MPF index');
  if (soi[0] !== 0xff || soi[1] !== 0xd8) throw new DamagedFileError(start === 0 ? 'the JPEG header is missing' : `the MPF index points to no JPEG at byte ${start}`);
}

/** undefined: keep as is; null: drop; bytes: the whole new segment (marker and length included). */
function editSegment(marker: number, payload: Uint8Array, mode: StripMode, result: Found): Uint8Array | null | undefined {
  const isExif = marker === APP1 && startsWithAscii(payload, EXIF);
  const isXmp = marker === APP1 && startsWithAscii(payload, XMP);
  if (mode === 'location') {
    if (!isExif && !isXmp) return undefined;
    const copy = payload.slice();
    const changed = isExif ? removeGps(copy.subarray(EXIF.length)) : blankXmpGps(copy.subarray(XMP.length));
    if (!changed) return undefined;
    result.location = true;
    return segment(marker, copy);
  }
  // 'all': keep what decoding needs (JFIF, ICC profile, Adobe colour transform) and the orientation.
  if (marker === APP0 && startsWithAscii(payload, 'JFIF\0')) return undefined;
  if (marker === APP2 && startsWithAscii(payload, 'ICC_PROFILE\0')) return undefined;
  if (marker === APP14 && startsWithAscii(payload, 'Adobe')) return undefined;
  result.metadata = true;
  if (isExif) {
    const tiff = payload.subarray(EXIF.length);
    if (hasGps(tiff)) result.location = true;
    const orientation = orientationOf(tiff);
    if (orientation !== null && orientation !== 1) {
      return segment(APP1, concat(new TextEncoder().encode(EXIF), orientationTiff(orientation)));
    }
  } else if (isXmp && blankXmpGps(payload.slice(XMP.length))) {
    result.location = true;
  }
  return null;
}

function segment(marker: number, payload: Uint8Array): Uint8Array {
  const length = payload.length + 2;
  return concat(Uint8Array.of(0xff, marker, length >> 8, length & 0xff), payload);
}
