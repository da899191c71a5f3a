// Human words for accept rules and MIME types, for hints and the sentences of refused files. Apart from accept.ts:
// the engine decides with accept.ts alone and loads these words only when a file is refused.
import type { AcceptRule } from './accept';

// Names people know a format by. Without these a hint read "Image/png, image/jpeg or image/webp files".
// Most are the subtype in capitals (image/png: PNG); the rest are listed.
const CAPITALIZED = /^(image\/(png|jpeg|gif|avif|heic|heif)|video\/mp4|audio\/(wav|ogg|flac))$/;
const NAMED: Record<string, string> = {
  'image/jpg': 'JPEG',
  'image/webp': 'WebP',
  'image/svg+xml': 'SVG',
  'video/quicktime': 'MOV',
  'video/webm': 'WebM',
  'audio/webm': 'WebM',
  'audio/mpeg': 'MP3',
  'audio/mp3': 'MP3',
  'audio/wave': 'WAV',
  'audio/x-wav': 'WAV',
  'audio/x-flac': 'FLAC',
  'audio/mp4': 'M4A',
  'audio/x-m4a': 'M4A',
};

function friendlyName(mime: string): string | undefined {
  return NAMED[mime] ?? (CAPITALIZED.test(mime) ? mime.split('/')[1]!.toUpperCase() : undefined);
}

/** A MIME type's everyday name (`PNG` for `image/png`), else the MIME type itself. */
export function describeType(mime: string): string {
  return friendlyName(mime.toLowerCase()) ?? mime;
}

/** The word for one accept token: `PNG` for `image/png` or `.png`, `image` for `image/*`; else the MIME itself. */
function describeToken(token: string): string {
  // `.jpg` is the same format as `image/jpeg`: one word, so `{ "image/jpeg": [".jpg", ".jpeg"] }` reads "JPEG".
  if (token === '.jpg') return 'JPEG';
  if (token.startsWith('.')) return token.slice(1).toUpperCase();
  if (token.endsWith('/*')) return token.slice(0, -2);
  return friendlyName(token) ?? token;
}

/** Human words for an accept rule, for hints and error messages: "image, video or audio files", "PNG or JPEG files". */
export function describeAccept(rule: AcceptRule): string {
  const words = [...new Set([...rule.mimes, ...rule.extensions].map(describeToken))];
  if (words.length === 0) return 'any file';
  if (words.length === 1) return `${words[0]} files`;
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)} files`;
}
