// Magic bytes → MIME: the table behind every check by bytes. Its own chunk, loaded on the first sign that files are
// coming (readBytes.ts `loadDetectMime`), so a page that never receives a file does not load it.
import { SNIFF_BYTES } from './sniff';

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, i) => bytes[offset + i] === byte);

// ISO base media (`....ftyp<brand>`): the major brand tells HEIC/AVIF/MP4/MOV/M4A apart.
const FTYP_BRANDS: Record<string, string> = {
  avif: 'image/avif',
  avis: 'image/avif',
  heic: 'image/heic',
  heix: 'image/heic',
  heim: 'image/heic',
  heis: 'image/heic',
  hevc: 'image/heic-sequence',
  hevx: 'image/heic-sequence',
  mif1: 'image/heif',
  msf1: 'image/heif-sequence',
  heif: 'image/heif',
  'qt  ': 'video/quicktime',
  'M4A ': 'audio/mp4',
  'M4B ': 'audio/mp4',
  'M4V ': 'video/x-m4v',
  'M4VH': 'video/x-m4v',
  'M4VP': 'video/x-m4v',
};

/** The MIME type the bytes show, or null when they match no known media format. */
export function detectMime(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 4);
    if (form === 'WEBP') return 'image/webp';
    if (form === 'WAVE') return 'audio/wav';
    if (form === 'AVI ') return 'video/x-msvideo';
  }
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    return FTYP_BRANDS[brand] ?? (/^[\x20-\x7e]{4}$/.test(brand) ? 'video/mp4' : null);
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML: WebM names its DocType; Matroska files are `matroska`.
    return ascii(bytes, 0, SNIFF_BYTES).includes('matroska') ? 'video/x-matroska' : 'video/webm';
  }
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(bytes, 0, 3) === 'ID3') return 'audio/mpeg';
  // An MPEG audio frame sync: 11 set bits, then a version and layer that are not "reserved".
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) !== 0) {
    // 0xFFF1/0xFFF9 is ADTS AAC (layer bits 00), excluded above; what is left is MP1/2/3.
    return 'audio/mpeg';
  }
  return null;
}
