// JPEG: metadata lives in APPn/COM segments before the first scan (SOS). Only those segments are read; the
// compressed image from SOS to the end is reused as a Blob slice, never copied or decoded.
import { Assembler, BlobReader, concat, DamagedFileError, dropIfDamaged, startsWithAscii, u16be } from './bytes';
import { blankXmpGps, hasGps, orientationOf, orientationTiff, removeGps } from './exif';
import type { StripMode, StripResult } from './stripMetadata';

const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const APP15 = 0xef;
const COM = 0xfe;
const EXIF = 'Exif\0\0';
const XMP = 'http://ns.adobe.com/xap/1.0/\0';

export async function stripJpeg(file: Blob, mode: StripMode, head?: Uint8Array | null): Promise<StripResult> {
  const reader = new BlobReader(file, head);
  const soi = await reader.bytes(0, 2, 'the JPEG header');
  if (soi[0] !== 0xff || soi[1] !== 0xd8) throw new DamagedFileError('the JPEG header is missing');
  const out = new Assembler();
  const result = { location: false, metadata: false };
  out.keep(0, 2);
  let offset = 2;
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
    if (marker === SOS || marker === EOI) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.keep(offset, offset + 2);
      offset += 2;
      continue;
    }
    const length = u16be(await reader.bytes(offset + 2, 2, 'a JPEG segment length'), 0);
    if (length < 2) throw new DamagedFileError(`the JPEG segment at byte ${offset} has an impossible length`);
    const end = offset + 2 + length;
    if (end > reader.size) throw new DamagedFileError(`the JPEG segment at byte ${offset} runs past the end of the file`);
    const isMetadata = (marker >= APP0 && marker <= APP15) || marker === COM;
    if (!isMetadata) {
      out.keep(offset, end);
    } else {
      const payload = await reader.bytes(offset + 4, length - 2, 'a JPEG segment');
      const replacement = dropIfDamaged(() => editSegment(marker, payload, mode, result), result);
      if (replacement === undefined) out.keep(offset, end);
      else if (replacement !== null) out.put(replacement);
      else out.changed = true;
    }
    offset = end;
  }
  out.keep(offset, reader.size);
  return { blob: out.build(file, 'image/jpeg'), ...result };
}

/** undefined: keep as is; null: drop; bytes: the whole new segment (marker and length included). */
function editSegment(marker: number, payload: Uint8Array, mode: StripMode, result: { location: boolean; metadata: boolean }): Uint8Array | null | undefined {
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
