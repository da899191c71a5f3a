// Files made in the page: a PNG signature (so the byte sniffing accepts them as image/png) and zeros, built
// from one shared 1 MiB Blob so a 500 MB file costs references, not 500 MB of copies.
// A whole 1×1 PNG (signature, IHDR, IDAT, IEND), then zeros: the uploader walks PNG chunks to remove location data by
// default (a signature followed by zeros is a damaged file it refuses), and the widget's thumbnail decodes it as a
// photo would be decoded (bytes after IEND are ignored), instead of failing as a broken image.
const PNG_MAGIC = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
  0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  0, 0, 0, 10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4,
  0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
const MIB = 1024 * 1024;

let zeros: Blob | null = null;

export function pngFile(name: string, size: number): File {
  zeros ??= new Blob([new Uint8Array(MIB)]);
  const head = new Uint8Array(Math.min(PNG_MAGIC.length, size));
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
