// The only thing the server takes from the browser's filename: an extension it can vouch for.
import { extensionOf } from '../core/accept';
import { baseMime } from '../core/media/extensions';

// The type decides the extension when we know it, so a stored name never contradicts the signed Content-Type.
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/avif': '.avif',
  'image/heic': '.heic',
  'image/heif': '.heif',
  'image/bmp': '.bmp',
  'image/tiff': '.tiff',
  'image/svg+xml': '.svg',
  'video/mp4': '.mp4',
  'video/webm': '.webm',
  'video/quicktime': '.mov',
  'video/x-matroska': '.mkv',
  'video/ogg': '.ogv',
  'video/mpeg': '.mpeg',
  'audio/mpeg': '.mp3',
  'audio/mp3': '.mp3',
  'audio/mp4': '.m4a',
  'audio/x-m4a': '.m4a',
  'audio/aac': '.aac',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/wave': '.wav',
  'audio/ogg': '.ogg',
  'audio/webm': '.weba',
  'audio/flac': '.flac',
  'audio/x-flac': '.flac',
};

// Extensions a store or CDN that types files by name would serve as active content (script in the app's storage
// origin): only the content type can give one (`image/svg+xml` when the app's accept names it), never the filename.
const ACTIVE = new Set(['.svg', '.svgz', '.htm', '.html', '.xhtml', '.xht', '.xml', '.xsl', '.js', '.mjs']);

/**
 * An extension with its dot ('.png'), or '' when none is safe: from the content type when known, else the
 * filename's own extension if it is short, alphanumeric (never a path, dots or anything URL-special) and not active.
 */
export function safeExtension(contentType: string, filename: string): string {
  const mime = baseMime(contentType);
  const known = EXTENSIONS[mime];
  if (known) return known;
  const extension = extensionOf(filename.split(/[\\/]/).at(-1) ?? '');
  return /^\.[a-z0-9]{1,10}$/.test(extension) && !ACTIVE.has(extension) ? extension : '';
}
