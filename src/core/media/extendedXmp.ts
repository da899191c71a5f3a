// Extended XMP (XMP spec part 3, 1.1.3.1): XMP too large for one APP1 segment goes on in segments headed
// "http://ns.adobe.com/xmp/extension/\0", a GUID (32 hex digits), the whole length and the piece's offset. A GPS
// property there may span two pieces, so each GUID's pieces are joined, blanked as one text, and written back in place.
import { DamagedFileError, startsWithAscii, u32be } from './bytes';
import { blankXmpGps } from './exif';

const PREFIX = 'http://ns.adobe.com/xmp/extension/\0';
const HEADER = PREFIX.length + 32 + 8;

export const isExtendedXmp = (payload: Uint8Array): boolean => payload.length >= HEADER && startsWithAscii(payload, PREFIX);

/**
 * Blanks GPS properties in the pieces (segment payloads, mutated; same lengths). `damaged`: a GUID's text could not
 * be edited (an element never closed), so its pieces were blanked whole rather than left holding a location.
 */
export function blankExtendedXmpGps(payloads: Uint8Array[]): { location: boolean; damaged: boolean } {
  const found = { location: false, damaged: false };
  const byGuid = new Map<string, { offset: number; data: Uint8Array }[]>();
  for (const payload of payloads) {
    const guid = String.fromCharCode(...payload.subarray(PREFIX.length, PREFIX.length + 32));
    const pieces = byGuid.get(guid) ?? [];
    pieces.push({ offset: u32be(payload, PREFIX.length + 36), data: payload.subarray(HEADER) });
    byGuid.set(guid, pieces);
  }
  for (const pieces of byGuid.values()) {
    pieces.sort((a, b) => a.offset - b.offset);
    const text = new Uint8Array(pieces.reduce((n, piece) => n + piece.data.length, 0));
    let at = 0;
    for (const piece of pieces) at += (text.set(piece.data, at), piece.data.length);
    try {
      if (!blankXmpGps(text)) continue;
      found.location = true;
    } catch (failure) {
      if (!(failure instanceof DamagedFileError)) throw failure;
      found.damaged = true;
      text.fill(0x20);
    }
    at = 0;
    for (const piece of pieces) at += (piece.data.set(text.subarray(at, at + piece.data.length)), piece.data.length);
  }
  return found;
}
