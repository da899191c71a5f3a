// The server's own accept / size check: the same parser and matcher as the browser (core/accept), other inputs.
import { DEFAULT_ACCEPT, isAccepted, parseAccept, type AcceptRule } from '../core/accept';
import { describeAccept } from '../core/describeAccept';
import { HttpError } from './errors';

/** What the server accepts; every upload is checked again here because the browser's check is only advice. */
export interface UploadRules {
  /** MIME patterns, as an array (`["image/*", "video/mp4"]`) or one comma-separated string. @default image, video and audio */
  accept?: string | readonly string[];
  /** Largest file in bytes. @default 104857600 (100 MB) */
  maxSize?: number;
  /** Smallest file in bytes. @default 1 */
  minSize?: number;
}

export const DEFAULT_MAX_SIZE = 104_857_600;

// A MIME type with optional parameters (`audio/webm;codecs=opus`); anything else could smuggle text into headers.
const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\r\\n]*"))*$`, 'i');

/** True for one concrete MIME type of at most 255 characters (`image/*` is a pattern, not a type). */
export function isValidContentType(value: string): boolean {
  return value.length <= 255 && !value.includes('*') && CONTENT_TYPE.test(value);
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;

/** Compiles the rules once; the returned check throws a 400 HttpError with the browser's codes. */
export function compileRules(rules: UploadRules) {
  const maxSize = rules.maxSize ?? DEFAULT_MAX_SIZE;
  const minSize = rules.minSize ?? 1;
  // `maxSize: Number(process.env.MAX_UPLOAD)` with the variable unset is NaN, and `size > NaN` is never true:
  // a silent "no limit" is worse than failing at start-up.
  if (!Number.isSafeInteger(maxSize) || maxSize < 1) throw new TypeError(`maxSize: expected a whole number of bytes, got ${maxSize}.`);
  if (!Number.isSafeInteger(minSize) || minSize < 0 || minSize > maxSize) {
    throw new TypeError(`minSize: expected a whole number of bytes from 0 to maxSize, got ${minSize}.`);
  }
  // Only MIME patterns count on the server: the type is what gets signed and served, a filename proves nothing.
  const parsed = parseAccept(rules.accept ?? DEFAULT_ACCEPT);
  const rule: AcceptRule = { mimes: parsed.mimes, extensions: [] };
  if (rules.accept !== undefined && rule.mimes.length === 0) {
    throw new TypeError('accept: expected MIME patterns such as "image/*" or "video/mp4".');
  }
  /** The file-too-large error; without a size when only "more than the limit" is known (a stream cut short). */
  const tooLarge = (size?: number) => {
    const what = size === undefined ? 'larger than the limit' : formatBytes(size);
    return new HttpError(400, 'file-too-large', `The file is ${what}; the limit is ${formatBytes(maxSize)}.`);
  };
  return {
    maxSize,
    tooLarge,
    checkType(contentType: string) {
      if (!isAccepted(rule, { type: contentType, name: '' })) {
        throw new HttpError(400, 'file-invalid-type', `Files of type ${contentType} are not accepted; use ${describeAccept(rule)}.`);
      }
    },
    checkSize(size: number) {
      if (size > maxSize) throw tooLarge(size);
      if (size < minSize) {
        throw new HttpError(400, 'file-too-small', size === 0 ? 'The file is empty.' : `The file must be at least ${formatBytes(minSize)}.`);
      }
    },
  };
}

export type CompiledRules = ReturnType<typeof compileRules>;
