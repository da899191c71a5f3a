// A JPEG's markers as a walk meets them: which stand alone (no length follows), and where an image ends after its
// scan. Shared by the segment walk (stripJpeg.ts) and the search for what is appended after the image (motionPhoto.ts).
import { type BlobReader, u16be } from './bytes';

export const SOS = 0xda;
export const EOI = 0xd9;

/** TEM and the restart markers RST0-7: two bytes, no length; inside a scan they are part of it. */
export const standsAlone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

const SCAN_READ = 64 * 1024;

/**
 * After the EOI of the image whose scan starts at `scan`; null when the file ends with an EOI (nothing is appended,
 * unless a video that happens to end with FF D9 and is named by no XMP: the price of not reading every photo whole).
 */
export async function jpegEnd(reader: BlobReader, scan: number): Promise<number | null> {
  const last = await reader.bytes(reader.size - 2, 2, 'the JPEG');
  if (last[0] === 0xff && last[1] === EOI) return null;
  let at = scan;
  while (at + 1 < reader.size) {
    const bytes = await reader.bytes(at, Math.min(SCAN_READ, reader.size - at), 'the JPEG scan');
    // The last byte is read again with the next piece: it may be the FF of a marker.
    let next = at + bytes.length - 1;
    for (let i = bytes.indexOf(0xff); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
      const marker = bytes[i + 1]!;
      if (marker === EOI) return at + i + 2;
      // A stuffed byte (FF00), a restart marker or a fill byte is part of the scan. Any other marker starts a segment
      // between the scans of a progressive JPEG (DHT, SOS): skipped whole, its bytes may hold FF D9.
      if (marker === 0 || marker === 0xff || standsAlone(marker)) continue;
      next = i + 4 <= bytes.length ? at + i + 2 + u16be(bytes, i + 2) : Math.max(at + i, at + 1);
      break;
    }
    at = next;
  }
  return null;
}
