// PNG: metadata lives in its own chunks (eXIf, tEXt/zTXt/iTXt, tIME). Chunk headers are walked; image data
// chunks (IDAT) are skipped unread and reused as Blob slices.
import { ascii, Assembler, BlobReader, concat, DamagedFileError, dropIfDamaged, startsWithAscii, u32be } from './bytes';
import { blankXmpGps, hasGps, orientationOf, orientationTiff, removeGps } from './exif';
import type { StripMode, StripResult } from './stripMetadata';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const TEXT_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt']);
const EXIF_PREFIX = 'Exif\0\0';
// ImageMagick writes EXIF and XMP as hex in text chunks with these keywords: they may hold GPS.
const RAW_PROFILES = /^Raw profile type (exif|app1|xmp)$/i;

export async function stripPng(file: Blob, mode: StripMode, head?: Uint8Array | null): Promise<StripResult> {
  const reader = new BlobReader(file, head);
  const signature = await reader.bytes(0, 8, 'the PNG signature');
  if (!SIGNATURE.every((byte, i) => signature[i] === byte)) throw new DamagedFileError('the PNG signature is missing');
  const out = new Assembler();
  const result = { location: false, metadata: false };
  out.keep(0, 8);
  let offset = 8;
  for (;;) {
    const header = await reader.bytes(offset, 8, 'a PNG chunk');
    const length = u32be(header, 0);
    const type = ascii(header, 4, 4);
    const end = offset + 12 + length;
    if (end > reader.size) throw new DamagedFileError(`the PNG chunk ${type} runs past the end of the file`);
    if (type === 'eXIf' || TEXT_CHUNKS.has(type) || (mode === 'all' && type === 'tIME')) {
      const data = await reader.bytes(offset + 8, length, `the PNG chunk ${type}`);
      const replacement = dropIfDamaged(() => editChunk(type, data, mode, result), result);
      if (replacement === undefined) out.keep(offset, end);
      else if (replacement !== null) out.put(replacement);
      else out.changed = true;
    } else {
      out.keep(offset, end);
    }
    offset = end;
    if (type === 'IEND') break;
  }
  out.keep(offset, reader.size);
  return { blob: out.build(file, 'image/png'), ...result };
}

/** undefined: keep as is; null: drop; bytes: the whole new chunk. */
function editChunk(type: string, data: Uint8Array, mode: StripMode, result: { location: boolean; metadata: boolean }): Uint8Array | null | undefined {
  if (type === 'eXIf') {
    // Some writers put JPEG's "Exif\0\0" before the TIFF header: read as damaged, the whole block (camera, date) went.
    const skip = startsWithAscii(data, EXIF_PREFIX) ? EXIF_PREFIX.length : 0;
    if (mode === 'location') {
      const copy = data.slice();
      if (!removeGps(copy.subarray(skip))) return undefined;
      result.location = true;
      return chunk(type, copy);
    }
    result.metadata = true;
    const tiff = data.subarray(skip);
    if (hasGps(tiff)) result.location = true;
    const orientation = orientationOf(tiff);
    return orientation !== null && orientation !== 1 ? chunk(type, orientationTiff(orientation)) : null;
  }
  if (type === 'tIME') {
    result.metadata = true;
    return null;
  }
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1) throw new DamagedFileError(`a PNG ${type} chunk has no keyword`);
  const keyword = ascii(data, 0, keywordEnd);
  if (mode === 'all') {
    result.metadata = true;
    if (keyword === 'XML:com.adobe.xmp' && blankXmpGps(data.slice())) result.location = true;
    return null;
  }
  if (RAW_PROFILES.test(keyword)) {
    // Hex-encoded (and maybe compressed) EXIF: dropped whole rather than decoded.
    result.metadata = true;
    return null;
  }
  if (keyword !== 'XML:com.adobe.xmp') return undefined;
  // iTXt: keyword\0 compressed-flag method language\0 translated-keyword\0 text. A compressed XMP is dropped.
  if (type !== 'iTXt' || data[keywordEnd + 1] !== 0) {
    result.metadata = true;
    return null;
  }
  const copy = data.slice();
  if (!blankXmpGps(copy.subarray(keywordEnd + 3))) return undefined;
  result.location = true;
  return chunk(type, copy);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(new TextEncoder().encode(type), data);
  const out = new Uint8Array(body.length + 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(body, 4);
  view.setUint32(4 + body.length, crc32(body));
  return out;
}

let table: Uint32Array | undefined;

/** The CRC-32 PNG chunks end with (over the type and the data). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
