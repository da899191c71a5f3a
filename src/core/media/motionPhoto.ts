// Motion photos (Google's Motion Photo 1.0 and MicroVideo, Samsung's): a JPEG with an MP4 appended after its last
// image. The primary image's XMP says where the video starts, counted back from the end of the file; without it, the
// video starts where the JPEG ends. Found here so that the video's own location can go too (stripMp4Location.ts).
import { ascii, type BlobReader, byteText, u16le, u32le } from './bytes';
import { jpegEnd } from './jpegScan';

/** An item of the XMP Container directory (the first is the primary image): its length, and where its digits are. */
interface Item {
  video: boolean;
  length: number;
  /** Offset of the length's digits in the XMP, or -1 when it gives none; `width`: the digits and the closing quote. */
  digits: number;
  width: number;
}

export interface MotionPhotoXmp {
  items: Item[];
  microVideoOffset: number | null;
  /** The XMP as it is written out, kept as bytes in 'location' so that a length can be rewritten; null in 'all'. */
  bytes: Uint8Array | null;
}

// Attribute values as Google's camera writes them (Container:Item Item:Length="…"; GContainer/GContainerItem before).
const ITEM = /<[\w.-]+:Item[\s/>]/g;
const VIDEO = /:Mime\s*=\s*["']video\//;
const LENGTH = /:Length\s*=\s*["'](\d+)["']/;
const MICRO_VIDEO_OFFSET = /:MicroVideoOffset\s*(?:=\s*["']|>)\s*(\d+)/;
const SAMSUNG_MARKER = 'MotionPhoto_Data';

/** What the XMP says of media appended to the JPEG; null when nothing. A directory it cannot read is no directory. */
export function readMotionPhotoXmp(xmp: Uint8Array): MotionPhotoXmp | null {
  const text = byteText(xmp);
  const items: Item[] = [];
  const item = new RegExp(ITEM);
  for (let match = item.exec(text); match; match = item.exec(text)) {
    // Each search goes on from the end of the last tag: an unclosed one ends the directory, in one pass.
    const end = text.indexOf('>', match.index);
    if (end === -1) break;
    item.lastIndex = end;
    const tag = text.slice(match.index, end);
    const length = LENGTH.exec(tag);
    items.push({
      video: VIDEO.test(tag),
      length: length ? Number(length[1]) : 0,
      digits: length ? match.index + length.index + length[0].length - 1 - length[1]!.length : -1,
      width: length ? length[1]!.length + 1 : 0,
    });
  }
  const micro = MICRO_VIDEO_OFFSET.exec(text);
  const microVideoOffset = micro ? Number(micro[1]) : null;
  return items.length > 1 || microVideoOffset !== null ? { items, microVideoOffset, bytes: null } : null;
}

/** Where the XMP places a video, counted back from the end as readers do (media3's MotionPhotoDescription). */
function videoStarts({ items, microVideoOffset }: MotionPhotoXmp, size: number): number[] {
  const starts: number[] = [];
  let start = size;
  for (let i = items.length - 1; i >= 1; i--) {
    start -= items[i]!.length;
    if (items[i]!.video && items[i]!.length > 0) starts.push(start);
  }
  if (microVideoOffset !== null) starts.push(size - microVideoOffset);
  return starts;
}

/**
 * Where the appended MP4 starts (a box of type ftyp is there), or null: where the XMP says first, then where Samsung's
 * trailer says, then where the JPEG ends (`lastEnd`, the end of the MP index's last image, or the EOI after `scan`).
 * Never before `notBefore`.
 */
export async function findMotionVideo(reader: BlobReader, xmp: MotionPhotoXmp | null, lastEnd: number | null, scan: number, notBefore: number): Promise<number | null> {
  const isMp4 = async (at: number) => at >= notBefore && (await reader.holds(at + 4, 'ftyp', 'the video'));
  for (const at of xmp ? videoStarts(xmp, reader.size) : []) if (await isMp4(at)) return at;
  const samsung = await samsungVideo(reader);
  if (samsung !== null && (await isMp4(samsung))) return samsung;
  let end = lastEnd ?? (await jpegEnd(reader, scan));
  if (end === null) return null;
  // Samsung writes a marker between the JPEG and the video.
  if (await reader.holds(end, SAMSUNG_MARKER, 'the video')) end += SAMSUNG_MARKER.length;
  return (await isMp4(end)) ? end : null;
}

const SEF_MOTION_PHOTO = 0x0a30;

/**
 * Where Samsung's trailer puts its MotionPhoto_Data record's data, or null. The file ends with `[length LE] SEFT`
 * after the SEFH directory, whose 12-byte entries give each record's type and offset back from the directory; a record
 * is `[0 0][type LE][name length LE][name]` then its data (ExifTool's ProcessSamsung). Other records (Image_UTC_Data)
 * may come between the JPEG and the video, and older phones write no XMP that places it.
 */
async function samsungVideo(reader: BlobReader): Promise<number | null> {
  if (reader.size < 8) return null;
  const footer = await reader.bytes(reader.size - 8, 8, 'the Samsung trailer');
  const length = u32le(footer, 0);
  const directory = reader.size - 8 - length;
  if (ascii(footer, 4, 4) !== 'SEFT' || length < 12 || length > 0xffff || directory < 0) return null;
  const bytes = await reader.bytes(directory, length, 'the Samsung trailer');
  if (ascii(bytes, 0, 4) !== 'SEFH') return null;
  for (let entry = 12; entry + 12 <= length; entry += 12) {
    if (u16le(bytes, entry + 2) !== SEF_MOTION_PHOTO) continue;
    const record = directory - u32le(bytes, entry + 4);
    if (record < 0 || record + 8 > directory) return null;
    return record + 8 + u32le(await reader.bytes(record, 8, 'the Samsung trailer'), 4);
  }
  return null;
}

/**
 * Rewrites, in place and at the same length, the directory item that gave `from` bytes (an image of the MP index
 * whose damaged block was dropped) to give `to`: a reader counting back from the end finds the primary image's end
 * with it. False when no item gave `from`.
 */
export function writeItemLength(xmp: MotionPhotoXmp, from: number, to: number): boolean {
  const item = xmp.items.find((it, i) => i > 0 && it.length === from && it.digits !== -1);
  const digits = String(to);
  if (!item || !xmp.bytes || digits.length >= item.width) return false;
  const quote = xmp.bytes[item.digits + item.width - 1]!;
  // Spaces after the closing quote: still valid XML, and the XMP keeps its length.
  xmp.bytes.fill(0x20, item.digits, item.digits + item.width);
  for (let i = 0; i < digits.length; i++) xmp.bytes[item.digits + i] = digits.charCodeAt(i);
  xmp.bytes[item.digits + digits.length] = quote;
  item.length = to;
  return true;
}
