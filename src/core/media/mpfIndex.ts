// The MP index (CIPA DC-007) in the first image of a multi-picture JPEG (a stereo MPO, an Android Ultra HDR gain map):
// where each further image, a whole JPEG with its own EXIF, lies after the first image's EOI.
import { DamagedFileError } from './bytes';
import { findTag, openTiff } from './exif';

const MP_ENTRY_TAG = 0xb002;
/** Attribute (4), size (4), offset (4), two dependent image entry numbers (2 + 2). */
const ENTRY_SIZE = 16;

export interface MpfImage {
  /** In bytes, from its SOI to its EOI. */
  size: number;
  /** From the start of the MP index's TIFF header; 0 for the first image, which holds the index. */
  offset: number;
  /** Where its entry lies in the TIFF, to rewrite it. */
  at: number;
}

/** The images an MP index lists. `tiff`: the APP2 payload after "MPF\0". */
export function readMpfIndex(tiff: Uint8Array): MpfImage[] {
  const t = openTiff(tiff, 'the MPF index');
  const entry = findTag(t, MP_ENTRY_TAG);
  if (entry === -1) return [];
  const { view, little } = t;
  const length = view.getUint32(entry + 4, little);
  const start = view.getUint32(entry + 8, little);
  // The entries sit inside the segment (64 KB at most), so a count that claims more is damage, not a long read.
  if (length % ENTRY_SIZE !== 0 || start + length > tiff.length) throw new DamagedFileError('the MPF index lists more images than it holds');
  const images: MpfImage[] = [];
  for (let at = start; at < start + length; at += ENTRY_SIZE) {
    images.push({ size: view.getUint32(at + 4, little), offset: view.getUint32(at + 8, little), at });
  }
  return images;
}

/** Rewrites an image's entry in `tiff` (the same bytes `readMpfIndex` read) with its size and offset after editing. */
export function writeMpfEntry(tiff: Uint8Array, image: MpfImage, size: number, offset: number): void {
  const { view, little } = openTiff(tiff, 'the MPF index');
  view.setUint32(image.at + 4, size, little);
  view.setUint32(image.at + 8, offset, little);
}
