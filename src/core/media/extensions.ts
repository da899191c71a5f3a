// File names that tell the truth about their bytes: a JPEG re-encoded from a PNG is not sent as photo.png.

/**
 * A MIME type without its parameters, in lower case: `audio/webm` for `Audio/WebM; codecs=opus`. Here, with the code
 * loaded when needed: accept.ts's mimeMatches, in the engine's entry, writes it out (a shared one cost that entry 17 B).
 */
export const baseMime = (type: string): string => type.toLowerCase().split(';')[0]!.trim();

const EXTENSIONS: Record<string, readonly string[]> = {
  'image/jpeg': ['.jpg', '.jpeg', '.jpe', '.jfif'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/gif': ['.gif'],
  'image/avif': ['.avif'],
  'image/heic': ['.heic'],
  'image/heif': ['.heif'],
  'image/heic-sequence': ['.heics'],
  'image/heif-sequence': ['.heifs'],
  'video/mp4': ['.mp4', '.m4v'],
  'video/x-m4v': ['.m4v'],
  'video/webm': ['.webm'],
  'video/quicktime': ['.mov'],
  'video/x-matroska': ['.mkv'],
  'video/x-msvideo': ['.avi'],
  'audio/mpeg': ['.mp3'],
  'audio/wav': ['.wav'],
  'audio/x-wav': ['.wav'],
  'audio/wave': ['.wav'],
  'audio/ogg': ['.ogg', '.oga', '.opus'],
  'audio/flac': ['.flac'],
  'audio/mp4': ['.m4a'],
  'audio/aac': ['.aac'],
  'audio/webm': ['.weba', '.webm'],
};

/** The extensions (with their dot) of a MIME type, if it is one of these. */
export const extensionsOf = (type: string): readonly string[] | undefined => EXTENSIONS[baseMime(type)];

/** The usual extension (with its dot) for a MIME type, or '' when unknown. */
export const extensionFor = (type: string): string => extensionsOf(type)?.[0] ?? '';

/** `name` with an extension that fits `type`: kept when it already fits, else replaced (or added). */
export function withExtension(name: string, type: string): string {
  const wanted = extensionsOf(type);
  if (!wanted) return name;
  const dot = name.lastIndexOf('.');
  const current = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if (wanted.includes(current)) return name;
  // "photo.png" becomes "photo.jpg"; "scan.v2" keeps its dot and becomes "scan.v2.jpg".
  const isMedia = Object.values(EXTENSIONS).some((list) => list.includes(current));
  return `${isMedia ? name.slice(0, dot) : name}${wanted[0]}`;
}
