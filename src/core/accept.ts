// Accept rules shared by the browser checks and the server handler: one parser, one matcher.
import type { Accept, FileType } from './types';

/** The default: every image, video and audio type. */
export const DEFAULT_ACCEPT = 'image/*,video/*,audio/*';

export interface AcceptRule {
  /** Lower-case MIME types or wildcards such as `image/*`. */
  mimes: string[];
  /** Lower-case extensions with their dot, such as `.heic`. */
  extensions: string[];
}

/** Reads `"image/*,.heic"`, `["image/*", "video/mp4"]` or react-dropzone's `{ "image/*": [".png"] }`. */
export function parseAccept(accept: Accept): AcceptRule {
  const tokens =
    typeof accept === 'object' && !Array.isArray(accept)
      ? Object.entries(accept as Record<string, readonly string[]>).flatMap(([mime, extensions]) => [mime, ...extensions])
      : [accept as string | readonly string[]].flat().flatMap((part) => part.split(','));
  const rule: AcceptRule = { mimes: [], extensions: [] };
  for (const raw of tokens) {
    const token = raw.trim().toLowerCase();
    // An empty token (a trailing comma) is neither.
    if (token[0] === '.') rule.extensions.push(token);
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
