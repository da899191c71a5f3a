// Deterministic media files made in the browser from the seed: a real header of their kind (so the core's
// sniffing types them), the file's own name (so no two are alike), then seeded random bytes. Large files are
// built from a few shared random blobs, so 200 files of up to 20 MB cost megabytes, not gigabytes, of memory.
import { random, type Kind, type PlannedFile } from './plan';

const POOL_BLOCK = 256 * 1024;
const POOL_SIZE = 8;

// A real 1x1 PNG: browsers decode it and ignore what follows IEND.
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function u32le(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

/** The first bytes of each kind: what sniffing reads. */
function header(kind: Kind, size: number): Uint8Array<ArrayBuffer> {
  if (kind === 'png') return Uint8Array.from(atob(PIXEL_PNG), (c) => c.charCodeAt(0));
  if (kind === 'mp4') {
    // An ISO BMFF `ftyp` box, major brand isom, then a `free` box over the rest.
    return new Uint8Array([0, 0, 0, 0x18, ...ascii('ftypisom'), 0, 0, 2, 0, ...ascii('isommp41'), 0, 0, 0, 8, ...ascii('free')]);
  }
  // A 44-byte WAV header: PCM, mono, 8 kHz, 8 bit; the data chunk is the rest of the file.
  return new Uint8Array([
    ...ascii('RIFF'), ...u32le(size - 8), ...ascii('WAVEfmt '), ...u32le(16), 1, 0, 1, 0,
    ...u32le(8000), ...u32le(8000), 1, 0, 8, 0, ...ascii('data'), ...u32le(size - 44),
  ]);
}

const MIME: Record<Kind, string> = { png: 'image/png', mp4: 'video/mp4', wav: 'audio/wav' };

/** Seeded random blocks every file of a run draws from. */
export function randomPool(seed: number): Blob[] {
  const rng = random(seed ^ 0x5eed);
  return Array.from({ length: POOL_SIZE }, () => {
    const words = new Uint32Array(POOL_BLOCK / 4);
    for (let i = 0; i < words.length; i++) words[i] = Math.floor(rng() * 4294967296);
    return new Blob([words]);
  });
}

/** The file a plan names, exactly `planned.size` bytes, the same bytes for the same seed every time. */
export function makeFile(planned: PlannedFile, pool: Blob[], seed: number): File {
  const rng = random(seed + planned.name.length * 7919 + planned.size);
  const head = header(planned.kind, planned.size);
  const name = new TextEncoder().encode(`${planned.name}\n`);
  const parts: BlobPart[] = [head, name];
  let size = head.byteLength + name.byteLength;
  while (size < planned.size) {
    const block = pool[Math.floor(rng() * pool.length)]!;
    const take = Math.min(POOL_BLOCK, planned.size - size);
    parts.push(take === POOL_BLOCK ? block : block.slice(0, take));
    size += take;
  }
  const blob = new Blob(parts).slice(0, planned.size);
  return new File([blob], planned.name, { type: MIME[planned.kind] });
}

/** SHA-256 of a file as hex, what the fault server computed for what it stored. */
export async function sha256(file: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
