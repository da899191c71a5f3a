// Accept rules shared by the browser checks and the server handler: one parser, one matcher.
import type { Accept, FileType } from './types';

/** The default: every image, video and audio type. */
export const DEFAULT_ACCEPT: Record<string, readonly string[]> = { 'image/*': [], 'video/*': [], 'audio/*': [] };

export interface AcceptRule {
  /** Lower-case MIME types or wildcards such as `image/*`. */
  mimes: string[];
  /** Lower-case extensions with their dot, such as `.heic`. */
  extensions: string[];
}

/** Reads `"image/*,.heic"`, `["image/*", "video/mp4"]` or react-dropzone's `{ "image/*": [".png"] }`. */
export function parseAccept(accept: Accept): AcceptRule {
  const tokens: string[] = [];
  if (typeof accept === 'string') tokens.push(...accept.split(','));
  else if (Array.isArray(accept)) for (const part of accept as readonly string[]) tokens.push(...part.split(','));
  else
    for (const [mime, extensions] of Object.entries(accept as Record<string, readonly string[]>)) {
      tokens.push(mime, ...extensions);
    }
  const rule: AcceptRule = { mimes: [], extensions: [] };
  for (const raw of tokens) {
    const token = raw.trim().toLowerCase();
    if (!token) continue;
    if (token.startsWith('.')) rule.extensions.push(token);
    else if (token.includes('/')) rule.mimes.push(token);
  }
  return rule;
}

/** The high-level category sent to presign endpoints: image, video, audio or other. */
export function fileTypeOf(mime: string): FileType {
  const top = mime.split('/')[0]?.toLowerCase();
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'other';
}

/** True when a MIME type matches a pattern such as `image/*`, `video/mp4` or `*` / `*\/*`. */
export function mimeMatches(type: string, pattern: string): boolean {
  const mime = type.toLowerCase().split(';')[0]!.trim();
  if (pattern === '*' || pattern === '*/*') return mime !== '';
  if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1));
  return mime === pattern;
}

/** The lower-case extension of a file name with its dot, or '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : '';
}

/**
 * A file is accepted when its type matches a MIME pattern, or its name has a listed extension.
 * With react-dropzone's map form the extensions widen the MIME key (as in `<input accept>`).
 */
export function isAccepted(rule: AcceptRule, file: { type: string; name: string }): boolean {
  if (rule.mimes.length === 0 && rule.extensions.length === 0) return true;
  if (file.type && rule.mimes.some((pattern) => mimeMatches(file.type, pattern))) return true;
  const extension = extensionOf(file.name);
  return extension !== '' && rule.extensions.includes(extension);
}

// Names people know a format by. Without these a hint read "Image/png, image/jpeg or image/webp files".
// Most are the subtype in capitals (image/png: PNG); the rest are listed.
const CAPITALIZED = /^(image\/(png|jpeg|gif|avif|heic|heif)|video\/mp4|audio\/(wav|ogg|flac))$/;
const NAMED: Record<string, string> = {
  'image/jpg': 'JPEG',
  'image/webp': 'WebP',
  'image/svg+xml': 'SVG',
  'video/quicktime': 'MOV',
  'video/webm': 'WebM',
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
