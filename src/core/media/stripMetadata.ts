// Removes location (or all) metadata from JPEG, PNG and WebP by editing bytes: pixels are never re-encoded.
import { stripJpeg } from './stripJpeg';
import { stripPng } from './stripPng';
import { stripWebp } from './stripWebp';

export type StripMode = 'location' | 'all';

export interface StripResult {
  /** The original Blob itself when nothing was removed. */
  blob: Blob;
  /** GPS data was found and removed. */
  location: boolean;
  /** Other metadata blocks were removed (`'all'`). */
  metadata: boolean;
}

const STRIPPERS: Record<string, (file: Blob, mode: StripMode, head?: Uint8Array | null) => Promise<StripResult>> = {
  'image/jpeg': stripJpeg,
  'image/png': stripPng,
  'image/webp': stripWebp,
};

/** True for the types whose metadata can be stripped. */
export const canStrip = (type: string): boolean => type in STRIPPERS;

/**
 * Throws a DamagedFileError when the bytes do not follow the format; other types come back unchanged. `head`: the
 * file's first bytes, when already read.
 */
export async function stripMetadata(file: Blob, type: string, mode: StripMode, head?: Uint8Array | null): Promise<StripResult> {
  const strip = STRIPPERS[type];
  return strip ? strip(file, mode, head) : { blob: file, location: false, metadata: false };
}
