// EXIF (a TIFF structure) and XMP edits done in place, so that every other byte keeps its offset and value:
// removing GPS never re-encodes pixels nor moves the thumbnail or maker notes that offsets point to.
import { byteText, DamagedFileError } from './bytes';

const GPS_IFD_TAG = 0x8825;
const ORIENTATION_TAG = 0x0112;
// Bytes per value of each TIFF field type (1 BYTE … 13 IFD); unknown types count as 1 so nothing is over-read.
const TYPE_SIZE = [1, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

export interface Tiff {
  view: DataView;
  little: boolean;
  ifd0: number;
  count: number;
}

/** The TIFF header and IFD0 of `tiff` (an EXIF block, or the MPF index: same structure), checked to lie inside it. */
export function openTiff(tiff: Uint8Array, what = 'the EXIF block'): Tiff {
  if (tiff.length < 8) throw new DamagedFileError(`${what} is shorter than its header`);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') throw new DamagedFileError(`${what} has no byte order mark`);
  const little = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, little) !== 42) throw new DamagedFileError(`${what} is not TIFF`);
  const ifd0 = view.getUint32(4, little);
  if (ifd0 < 8 || ifd0 + 2 > tiff.length) throw new DamagedFileError(`${what} points outside itself`);
  const count = view.getUint16(ifd0, little);
  if (ifd0 + 2 + count * 12 > tiff.length) throw new DamagedFileError(`${what} lists more entries than it holds`);
  return { view, little, ifd0, count };
}

/** Where the IFD0 entry of `tag` starts, or -1. */
export function findTag({ view, little, ifd0, count }: Tiff, tag: number): number {
  for (let i = 0; i < count; i++) if (view.getUint16(ifd0 + 2 + i * 12, little) === tag) return ifd0 + 2 + i * 12;
  return -1;
}

/** True when IFD0 points to a GPS IFD. */
export function hasGps(tiff: Uint8Array): boolean {
  return findTag(openTiff(tiff), GPS_IFD_TAG) !== -1;
}

/**
 * Drops the GPS IFD pointer from IFD0 (the later entries move up 12 bytes, the freed slot is zeroed) and zeroes the
 * GPS IFD with its values. Same length, same offsets elsewhere. Mutates `tiff`; false when there was no GPS.
 */
export function removeGps(tiff: Uint8Array): boolean {
  const t = openTiff(tiff);
  const { view, little, ifd0, count } = t;
  const entry = findTag(t, GPS_IFD_TAG);
  if (entry === -1) return false;
  const gps = view.getUint32(entry + 8, little);
  const tableEnd = ifd0 + 2 + count * 12;
  // The next-IFD offset (IFD1, the thumbnail) follows the table; some writers omit it at the very end.
  const end = Math.min(tableEnd + 4, tiff.length);
  tiff.copyWithin(entry, entry + 12, end);
  tiff.fill(0, end - 12, end);
  view.setUint16(ifd0, count - 1, little);
  if (gps >= 8 && gps + 2 <= tiff.length) blankIfd(tiff, view, little, gps);
  return true;
}

function blankIfd(tiff: Uint8Array, view: DataView, little: boolean, ifd: number): void {
  const count = view.getUint16(ifd, little);
  const end = Math.min(ifd + 2 + count * 12 + 4, tiff.length);
  for (let at = ifd + 2; at + 12 <= end; at += 12) {
    const size = (TYPE_SIZE[view.getUint16(at + 2, little)] ?? 1) * view.getUint32(at + 4, little);
    const value = view.getUint32(at + 8, little);
    if (size > 4 && value + size <= tiff.length) tiff.fill(0, value, value + size);
  }
  tiff.fill(0, ifd, end);
}

/** The EXIF orientation (1-8) from IFD0, or null. */
export function orientationOf(tiff: Uint8Array): number | null {
  const t = openTiff(tiff);
  const entry = findTag(t, ORIENTATION_TAG);
  if (entry === -1) return null;
  const value = t.view.getUint16(entry + 8, t.little);
  return value >= 1 && value <= 8 ? value : null;
}

/** A TIFF holding only an orientation: what `'all'` keeps of an EXIF block. */
export function orientationTiff(orientation: number): Uint8Array {
  const tiff = new Uint8Array(26);
  const view = new DataView(tiff.buffer);
  tiff.set([0x4d, 0x4d, 0, 42, 0, 0, 0, 8]); // big-endian, IFD0 at 8
  view.setUint16(8, 1);
  view.setUint16(10, ORIENTATION_TAG);
  view.setUint16(12, 3); // SHORT
  view.setUint32(14, 1);
  view.setUint16(18, orientation);
  return tiff; // next-IFD offset: 0
}

// XMP is XML: GPS properties written as attributes (exif:GPSLatitude="…") or as elements (<exif:GPSLatitude>…),
// in any namespace and case (DJI drones write drone-dji:GpsLatitude).
const XMP_GPS_ATTRIBUTE = /\s[\w.-]+:GPS\w*\s*=\s*(?:"[^"]*"|'[^']*')/gi;
const XMP_GPS_OPEN_TAG = /<([\w.-]+:GPS[\w.-]*)(?=[\s/>])/gi;

/**
 * Overwrites XMP GPS properties with spaces (still valid XML, same length). Mutates; false when there were none.
 * A GPS element that is never closed makes the block damaged (a DamagedFileError: the caller drops it whole).
 */
export function blankXmpGps(xmp: Uint8Array): boolean {
  const text = byteText(xmp);
  let changed = false;
  const blank = (start: number, end: number) => {
    xmp.fill(0x20, start, end);
    changed = true;
  };
  for (const match of text.matchAll(XMP_GPS_ATTRIBUTE)) blank(match.index, match.index + match[0].length);
  // Elements by hand, each search going on from where the last one ended: a lazy regex up to the closing tag took
  // time quadratic in the block's size on repeated unclosed <a:GPS> (1 MB: ~27 s, on the main thread).
  const open = new RegExp(XMP_GPS_OPEN_TAG);
  for (let match = open.exec(text); match; match = open.exec(text)) {
    open.lastIndex = elementEnd(text, match.index, match[1]!);
    blank(match.index, open.lastIndex);
  }
  return changed;
}

/** Where the element `name` opened at `start` ends: after `/>` or its closing tag, which XML writes in the same case. */
function elementEnd(text: string, start: number, name: string): number {
  const tagEnd = text.indexOf('>', start);
  if (tagEnd !== -1 && text[tagEnd - 1] === '/') return tagEnd + 1;
  const close = `</${name}`;
  for (let at = tagEnd === -1 ? -1 : text.indexOf(close, tagEnd); at !== -1; at = text.indexOf(close, at)) {
    at += close.length;
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (text[at] === '>') return at + 1;
  }
  throw new DamagedFileError(`the XMP element ${name.slice(0, 40)} is not closed`);
}
