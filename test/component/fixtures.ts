// Files with real signature bytes: the core sniffs them, so a PNG must start like one.
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngFile(name = 'holiday.png', size = 2048, type = 'image/png'): File {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE.slice(0, size));
  return new File([bytes], name, { type });
}

export function textFile(name = 'notes.txt', text = 'hello, not a picture'): File {
  return new File([text], name, { type: 'text/plain' });
}
