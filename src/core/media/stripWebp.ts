// WebP: a RIFF file; EXIF and XMP are chunks (usually after the image data) announced by flags in VP8X.
// Chunk headers are walked and image chunks reused as Blob slices; dropping a chunk fixes the RIFF size and flags.
import { ascii, Assembler, BlobReader, concat, DamagedFileError, dropIfDamaged, startsWithAscii, u32le } from './bytes';
import { blankXmpGps, hasGps, orientationOf, orientationTiff, removeGps } from './exif';
import type { StripMode, StripResult } from './stripMetadata';

const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;
// Some writers put JPEG's "Exif\0\0" before the TIFF header in the EXIF chunk.
const EXIF_PREFIX = 'Exif\0\0';

export async function stripWebp(file: Blob, mode: StripMode, head?: Uint8Array | null): Promise<StripResult> {
  const reader = new BlobReader(file, head);
  const header = await reader.bytes(0, 12, 'the WebP header');
  if (ascii(header, 0, 4) !== 'RIFF' || ascii(header, 8, 4) !== 'WEBP') throw new DamagedFileError('the WebP header is missing');
  const riffEnd = 8 + u32le(header, 4);
  if (riffEnd > reader.size) throw new DamagedFileError('the WebP RIFF size is larger than the file');
  const result = { location: false, metadata: false };
  const body = new Assembler();
  let vp8x: Uint8Array | null = null;
  let flags = 0;
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    const chunkHeader = await reader.bytes(offset, 8, 'a WebP chunk');
    const fourcc = ascii(chunkHeader, 0, 4);
    const size = u32le(chunkHeader, 4);
    const end = offset + 8 + size + (size & 1); // chunks are padded to an even size
    if (offset + 8 + size > riffEnd) throw new DamagedFileError(`the WebP chunk ${fourcc} runs past the end of the file`);
    if (fourcc === 'VP8X' && vp8x === null && size >= 10) {
      vp8x = (await reader.bytes(offset, Math.min(end, riffEnd) - offset, 'the VP8X chunk')).slice();
      flags = vp8x[8]!;
      body.put(vp8x); // patched below once every chunk is known
    } else if (fourcc === 'EXIF' || fourcc === 'XMP ') {
      const data = await reader.bytes(offset + 8, size, `the WebP chunk ${fourcc}`);
      const replacement = dropIfDamaged(() => editChunk(fourcc, data, mode, result), result);
      if (replacement === undefined) body.keep(offset, Math.min(end, riffEnd));
      else if (replacement !== null) body.put(replacement);
      else {
        body.changed = true;
        flags &= fourcc === 'EXIF' ? ~EXIF_FLAG : ~XMP_FLAG;
      }
    } else {
      body.keep(offset, Math.min(end, riffEnd));
    }
    offset = end;
  }
  if (!result.location && !result.metadata) return { blob: file, ...result };
  if (vp8x) vp8x[8] = flags;
  const riff = new Uint8Array(12);
  riff.set(header);
  new DataView(riff.buffer).setUint32(4, body.length + 4, true);
  const out = new Assembler();
  out.put(riff);
  out.append(body);
  if (riffEnd < reader.size) out.keep(riffEnd, reader.size);
  return { blob: out.build(file, 'image/webp'), ...result };
}

/** undefined: keep as is; null: drop; bytes: the whole new chunk. */
function editChunk(fourcc: string, data: Uint8Array, mode: StripMode, result: { location: boolean; metadata: boolean }): Uint8Array | null | undefined {
  const skip = fourcc === 'EXIF' && startsWithAscii(data, EXIF_PREFIX) ? EXIF_PREFIX.length : 0;
  if (mode === 'location') {
    const copy = data.slice();
    const changed = fourcc === 'EXIF' ? removeGps(copy.subarray(skip)) : blankXmpGps(copy);
    if (!changed) return undefined;
    result.location = true;
    return chunk(fourcc, copy);
  }
  result.metadata = true;
  if (fourcc === 'XMP ') {
    if (blankXmpGps(data.slice())) result.location = true;
    return null;
  }
  const tiff = data.subarray(skip);
  if (hasGps(tiff)) result.location = true;
  const orientation = orientationOf(tiff);
  return orientation !== null && orientation !== 1 ? chunk(fourcc, orientationTiff(orientation)) : null;
}

function chunk(fourcc: string, data: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  header.set(new TextEncoder().encode(fourcc));
  new DataView(header.buffer).setUint32(4, data.length, true);
  return concat(header, data, new Uint8Array(data.length & 1));
}
