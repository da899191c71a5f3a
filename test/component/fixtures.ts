// Files with real signature bytes: the core sniffs them, so a PNG must start like one. A whole PNG header (signature,
// IHDR, IEND; the zeros after it are data past the image) because preparation walks its chunks to remove location data.
const PNG_SIGNATURE = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
  0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137,
  0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82,
];

export function pngFile(name = 'holiday.png', size = 2048, type = 'image/png'): File {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE.slice(0, size));
  return new File([bytes], name, { type });
}

export function textFile(name = 'notes.txt', text = 'hello, not a picture'): File {
  return new File([text], name, { type: 'text/plain' });
}
