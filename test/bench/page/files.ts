// Files made in the page: a PNG signature (so the byte sniffing accepts them as image/png) and zeros, built
// from one shared 1 MiB Blob so a 500 MB file costs references, not 500 MB of copies.
// A whole minimal PNG header (signature, IHDR, IEND): the uploader walks PNG chunks to remove location data by
// default, and a signature followed by zeros is a damaged file it refuses.
const PNG_MAGIC = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
  0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137,
  0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82,
];
const MIB = 1024 * 1024;

let zeros: Blob | null = null;

export function pngFile(name: string, size: number): File {
  zeros ??= new Blob([new Uint8Array(MIB)]);
  const head = new Uint8Array(Math.min(64, size));
  head.set(PNG_MAGIC.slice(0, head.length));
  const parts: BlobPart[] = [head];
  let rest = size - head.length;
  for (; rest >= MIB; rest -= MIB) parts.push(zeros);
  if (rest > 0) parts.push(zeros.slice(0, rest));
  return new File(parts, name, { type: 'image/png' });
}

/** Median time to read one file's first 64 bytes, as a type check by content does. */
export async function sniffMs(files: readonly File[]): Promise<number> {
  const times: number[] = [];
  for (const file of files.slice(0, 21)) {
    const start = performance.now();
    await file.slice(0, 64).arrayBuffer();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
