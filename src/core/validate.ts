// Checks that run before any request: type, size, count. Rejections are data with stable codes.
import { DEFAULT_ACCEPT, describeAccept, describeType, isAccepted, parseAccept } from './accept';
import { formatBytePair, uploadError } from './errors';
import { resolveMime, sniffMime } from './sniff';
import type { Accept, UploadError } from './types';

export const DEFAULT_MAX_SIZE = 104_857_600;
export const DEFAULT_MIN_SIZE = 1;

export interface ValidationRules {
  accept?: Accept | undefined;
  maxSize?: number | undefined;
  minSize?: number | undefined;
}

/** Type and size checks for one file (its type already sniffed); null when it may be uploaded. */
export function validateFile(file: { name: string; size: number; type: string }, rules: ValidationRules): UploadError | null {
  const rule = parseAccept(rules.accept ?? DEFAULT_ACCEPT);
  if (!isAccepted(rule, file)) {
    const what = file.type ? `a file of type ${describeType(file.type)}` : 'a file of unknown type';
    return uploadError('file-invalid-type', `${file.name} is ${what}; only ${describeAccept(rule)} are accepted.`);
  }
  const maxSize = rules.maxSize ?? DEFAULT_MAX_SIZE;
  const minSize = rules.minSize ?? DEFAULT_MIN_SIZE;
  if (file.size > maxSize) {
    // Enough precision for the two sizes to differ: never "big.png is 20 MB; the limit is 20 MB".
    const [size, limit] = formatBytePair(file.size, maxSize);
    return uploadError('file-too-large', `${file.name} is ${size}; the limit is ${limit}.`);
  }
  if (file.size < minSize) {
    const message =
      file.size === 0
        ? `${file.name} is empty; choose a file with content.`
        : `${file.name} is ${formatBytePair(file.size, minSize).join('; the smallest allowed is ')}.`;
    return uploadError('file-too-small', message);
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

/** Type and size checks for one file from its first bytes; resolves the type to use and the rejection, if any. */
export async function checkFile(file: File, rules: ValidationRules): Promise<{ type: string; error: UploadError | null }> {
  const sniffed = await sniffMime(file);
  const type = resolveMime(file.type, sniffed);
  if (sniffed === null && file.size > 0 && (SNIFFED_TYPE.test(file.type) || SNIFFED_EXTENSION.test(file.name))) {
    const rule = parseAccept(rules.accept ?? DEFAULT_ACCEPT);
    const message = `${file.name} does not contain image, video or audio data its name or type promises (its bytes match no known format); only ${describeAccept(rule)} are accepted.`;
    return { type: '', error: uploadError('file-invalid-type', message) };
  }
  return { type, error: validateFile({ name: file.name, size: file.size, type }, rules) };
}
