// The sentences a refused file gets (validate.ts decides, and imports this module only when a file is refused).
import { type AcceptRule, DEFAULT_ACCEPT, extensionOf, parseAccept } from './accept';
import { describeAccept, describeType } from './describeAccept';
import { uploadError } from './errors';
import { baseMime, extensionsOf } from './media/extensions';
import { formatBytePair } from './formatBytes';
import type { UploadError } from './types';
import { brokenRule, DEFAULT_MAX_SIZE, DEFAULT_MIN_SIZE, type ValidationRules } from './validate';

/** The app's accept rule, or the default. */
const acceptOf = (rules: ValidationRules) => parseAccept(rules.accept ?? DEFAULT_ACCEPT);

/** How every type refusal ends: "only PNG or JPEG images are accepted." */
const onlyAccepted = (accept: AcceptRule) => `only ${describeAccept(accept)} are accepted.`;

/** Type and size checks for one file (its type already sniffed); null when it may be uploaded. */
export function validateFile(file: { name: string; size: number; type: string }, rules: ValidationRules): UploadError | null {
  // For a type whose extensions are known, an extension in accept counts only if it is one of them, whatever the
  // file's name says: a WAV named .png is no PNG (DESIGN.md).
  const own = extensionsOf(file.type);
  const accept = acceptOf(rules);
  const listed = own?.find((extension) => accept.extensions.includes(extension));
  const code = brokenRule(own ? { ...file, name: listed ? `file${listed}` : '' } : file, rules);
  if (code === 'file-invalid-type') {
    const what = file.type ? `a file of type ${describeType(file.type)}` : 'a file of unknown type';
    return uploadError(code, `${file.name} is ${what}; ${onlyAccepted(accept)}`);
  }
  if (code === 'file-too-large') {
    // Enough precision for the two sizes to differ: never "big.png is 20 MB; the limit is 20 MB".
    const [size, limit] = formatBytePair(file.size, rules.maxSize ?? DEFAULT_MAX_SIZE);
    return uploadError(code, `${file.name} is ${size}; the limit is ${limit}.`);
  }
  if (code === 'file-too-small') {
    const message =
      file.size === 0
        ? `${file.name} is empty; choose a file with content.`
        : `${file.name} is ${formatBytePair(file.size, rules.minSize ?? DEFAULT_MIN_SIZE).join('; the smallest allowed is ')}.`;
    return uploadError(code, message);
  }
  return null;
}

export function tooManyFilesError(name: string, maxFiles: number): UploadError {
  const files = maxFiles === 1 ? 'file' : 'files';
  return uploadError('too-many-files', `${name} was not added: at most ${maxFiles} ${files} can be uploaded.`);
}

// Formats the sniffer knows by their bytes: a file that claims one of them (by type or extension) but whose bytes
// show none is refused, so a text file renamed fake.png never reaches a model as image/png.
const SNIFFED_EXTENSION = /\.(png|jpe?g|gif|webp|avif|hei[cf]|mp4|m4[av]|mov|webm|mkv|og[ga]|flac|mp3|wav|avi)$/i;
const SNIFFED_TYPE = /^(image\/(png|jpe?g|gif|webp|avif|hei[cf])|video\/(mp4|quicktime|webm|x-matroska|x-msvideo|x-m4v)|audio\/(mpeg|mp3|wav|wave|x-wav|ogg|flac|x-flac|mp4|x-m4a))$/i;

/**
 * For a file whose bytes match no known format or could not be read (validate.ts asks only then): refused when its name or type claims a
 * format the sniffer knows (a damaged or disguised file, whatever accept says); else null when the app's `accept` names
 * its exact type or extension, or takes any file (`*`, an empty accept), a format the app takes on trust (BMP, TIFF, a
 * PDF); else refused: `image/*` does not let an SVG (a script in a picture's clothes) or a text file typed image/bmp
 * through (DESIGN.md: accepted only when its bytes are a media format accept allows).
 */
export function unknownBytesError(file: File, rules: ValidationRules, unreadable?: boolean): UploadError | null {
  // Not read at all (NotReadableError: moved or changed on disk after the pick, a cloud file not downloaded): nothing
  // is known of its bytes, and saying they lie would send the user looking for a damaged file.
  if (unreadable) return uploadError('file-invalid-type', `${file.name} could not be read: it may have been moved, changed or not downloaded yet. Choose it again.`);
  // Empty, or refused by its declared type anyway: the size or type rule says why, as for any file.
  if (file.size === 0 || brokenRule(file, rules) === 'file-invalid-type') return null;
  if (SNIFFED_TYPE.test(file.type) || SNIFFED_EXTENSION.test(file.name)) return contentMismatchError(file.name, rules);
  const accept = acceptOf(rules);
  const type = baseMime(file.type);
  // An accept with no type or extension (`*`, `""`, `{}`) takes any file, as isAccepted does: refusing these bytes
  // read "only any file are accepted".
  if (!accept.mimes.length && !accept.extensions.length) return null;
  if (accept.mimes.some((mime) => mime === '*/*' || (type && mime === type)) || accept.extensions.includes(extensionOf(file.name))) return null;
  return uploadError('file-invalid-type', `${file.name} is not a known image, video or audio format (its bytes match none); ${onlyAccepted(accept)}`);
}

/** A file whose bytes match no known format although its name or type claims one. */
export function contentMismatchError(name: string, rules: ValidationRules): UploadError {
  return uploadError(
    'file-invalid-type',
    `${name} does not contain image, video or audio data its name or type promises (its bytes match no known format); ${onlyAccepted(acceptOf(rules))}`,
  );
}
