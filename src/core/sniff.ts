// Magic bytes → MIME. Reads only the first 64 bytes: a 100 MB video must never be read into memory here.
import { readBytes } from './readBytes';

export const SNIFF_BYTES = 64;

// Each format by what its first bytes hold, read as Latin-1 text, in the order they are tried. ISO base media
// (`....ftyp<brand>`): the major brand tells HEIC/AVIF/MP4/MOV/M4A apart, any other printable brand is MP4, and an
// unprintable one is no format. EBML: WebM names its DocType, Matroska files `matroska`. An MPEG audio frame sync is
// 11 set bits, then a version and layer that are not "reserved" (0xFFF1/0xFFF9 is ADTS AAC, layer bits 00: not ours).
const SIGNATURES: readonly [RegExp, string | null][] = [
  [/^\x89PNG\r\n\x1a\n/, 'image/png'],
  [/^\xff\xd8\xff/, 'image/jpeg'],
  [/^GIF8[79]a/, 'image/gif'],
  [/^RIFF[^]{4}WEBP/, 'image/webp'],
  [/^RIFF[^]{4}WAVE/, 'audio/wav'],
  [/^RIFF[^]{4}AVI /, 'video/x-msvideo'],
  [/^[^]{4}ftypavi[fs]/, 'image/avif'],
  [/^[^]{4}ftyphei[cxms]/, 'image/heic'],
  [/^[^]{4}ftyphev[cx]/, 'image/heic-sequence'],
  [/^[^]{4}ftyp(mif1|heif)/, 'image/heif'],
  [/^[^]{4}ftypmsf1/, 'image/heif-sequence'],
  [/^[^]{4}ftypqt {2}/, 'video/quicktime'],
  [/^[^]{4}ftypM4[AB] /, 'audio/mp4'],
  [/^[^]{4}ftypM4V[ HP]/, 'video/x-m4v'],
  [/^[^]{4}ftyp[\x20-\x7e]{4}/, 'video/mp4'],
  [/^[^]{4}ftyp/, null],
  [/^\x1aE\xdf\xa3[^]*matroska/, 'video/x-matroska'],
  [/^\x1aE\xdf\xa3/, 'video/webm'],
  [/^OggS/, 'audio/ogg'],
  [/^fLaC/, 'audio/flac'],
  [/^ID3/, 'audio/mpeg'],
  [/^\xff[\xe2-\xe7\xf2-\xf7\xfa-\xff]/, 'audio/mpeg'],
];

/** The MIME type the bytes show, or null when they match no known media format. */
export function detectMime(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, SNIFF_BYTES));
  return SIGNATURES.find(([signature]) => signature.test(head))?.[1] ?? null;
}

/** Reads the first bytes of a file and returns the MIME they show (null when unknown or unreadable). */
export async function sniffMime(file: Blob): Promise<string | null> {
  const head = await readBytes(file, 0, SNIFF_BYTES);
  return head && detectMime(head);
}

/**
 * The bytes win when they disagree with the declared type; an empty declared type gets filled. But WebM's and MP4's
 * first bytes do not tell audio from video: a declared audio type keeps the file audio (a MediaRecorder's audio/webm,
 * an .m4a typed audio/x-m4a: audio/webm, audio/mp4).
 */
export function resolveMime(declared: string, sniffed: string | null): string {
  return /^audio\//.test(declared) && /^video\/(webm|mp4)$/.test(sniffed!) ? `audio${sniffed!.slice(5)}` : sniffed ?? declared;
}

export { fileTypeOf } from './accept';
