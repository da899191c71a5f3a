// The server's own accept / size check: the same parser and matcher as the browser (core/accept), other inputs.
import { DEFAULT_ACCEPT, isAccepted, mimeMatches, parseAccept, type AcceptRule } from '../core/accept';
import { baseMime } from '../core/media/extensions';
import { describeAccept } from '../core/describeAccept';
import { formatBytePair, formatBytes } from '../core/formatBytes';
import type { Accept } from '../core/types';
import { HttpError } from './errors';

/** What the server accepts; every upload is checked again here because the browser's check is only advice. */
export interface UploadRules {
  /** MIME patterns, as an array (`["image/*", "video/mp4"]`) or one comma-separated string. @default the provider's, else image, video, audio */
  accept?: string | readonly string[];
  /** Largest file in bytes; a provider's lower cap still applies. @default 104857600 (100 MB) */
  maxSize?: number;
  /** Smallest file in bytes. @default 1 */
  minSize?: number;
}

/**
 * What a provider's docs say it takes, checked by both handlers before it is called, so a file it would refuse is
 * a 400 with the browser's codes rather than a 502. The app's own rules apply on top: the stricter wins.
 */
export interface ProviderLimits {
  /** MIME patterns it takes; with no `accept` from the app, the handler's default is these. */
  readonly accept?: readonly string[];
  /** Largest file it takes, in bytes. */
  readonly maxSize?: number;
  /** Lower caps for some types, the first matching pattern winning, such as `{ 'image/*': 10485760 }`. */
  readonly maxSizeByType?: Readonly<Record<string, number>>;
}

export const DEFAULT_MAX_SIZE = 104_857_600;

// A MIME type with optional parameters (`audio/webm;codecs=opus`); anything else could smuggle text into headers.
const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\r\\n]*"))*$`, 'i');

/** True for one concrete MIME type of at most 255 characters (`image/*` is a pattern, not a type). */
export function isValidContentType(value: string): boolean {
  return value.length <= 255 && !value.includes('*') && CONTENT_TYPE.test(value);
}

/** Types a browser runs script in when it opens them: SVG and any other +xml or /xml, HTML, XSL and JavaScript. */
const ACTIVE_CONTENT = /[+/]xml$|^text\/(html|xsl|(java|ecma)script)$|^application\/(x-)?(java|ecma)script$/;

/** Compiles the rules once; `checkType` throws a 400 HttpError with the browser's codes and returns the type's size check. */
export function compileRules(rules: UploadRules, limits: ProviderLimits = {}) {
  const appMaxSize = rules.maxSize ?? DEFAULT_MAX_SIZE;
  const minSize = rules.minSize ?? 1;
  // `maxSize: Number(process.env.MAX_UPLOAD)` with the variable unset is NaN, and `size > NaN` is never true:
  // a silent "no limit" is worse than failing at start-up.
  if (!Number.isSafeInteger(appMaxSize) || appMaxSize < 1) {
    throw new TypeError(`maxSize: expected a whole number of bytes, got ${appMaxSize}.`);
  }
  if (!Number.isSafeInteger(minSize) || minSize < 0 || minSize > appMaxSize) {
    throw new TypeError(`minSize: expected a whole number of bytes from 0 to maxSize, got ${minSize}.`);
  }
  const maxSize = Math.min(appMaxSize, limits.maxSize ?? appMaxSize);
  // Only MIME patterns count on the server: the type is what gets signed and served, a filename proves nothing.
  const rule = mimeRule(rules.accept ?? limits.accept ?? DEFAULT_ACCEPT);
  if (rules.accept !== undefined && rule.mimes.length === 0) {
    throw new TypeError('accept: expected MIME patterns such as "image/*" or "video/mp4".');
  }
  // The app's explicit accept can be wider than what the provider takes; then both must match.
  const providerRule = rules.accept !== undefined && limits.accept ? mimeRule(limits.accept) : undefined;
  // An SVG (any image/*+xml), HTML, XHTML, XML and script are active content: served from the app's storage they run
  // script there (stored XSS). Only an accept that names the type itself takes one, never a wildcard (`*/*`,
  // `text/*`) or the default.
  const named = new Set(rules.accept === undefined ? [] : rule.mimes);
  /** The file-too-large error; without a size when only "more than the limit" is known (a stream cut short). */
  const tooLarge = (limit: number, size?: number) => {
    // The browser's words for sizes (core/formatBytes), which the widget shows: never "10 MB; the limit is 10 MB".
    const [what, max] = size === undefined ? ['larger than the limit', formatBytes(limit)] : formatBytePair(size, limit);
    return new HttpError(400, 'file-too-large', `The file is ${what}; the limit is ${max}.`);
  };
  /** The size rules of files of one type. */
  const sizeRules = (limit: number) => ({
    maxSize: limit,
    tooLarge: (size?: number) => tooLarge(limit, size),
    checkSize(size: number) {
      if (size > limit) throw tooLarge(limit, size);
      if (size < minSize) {
        throw new HttpError(400, 'file-too-small', size === 0 ? 'The file is empty.' : `The file must be at least ${formatBytes(minSize)}.`);
      }
    },
  });
  return {
    /** The largest any file may be, for a declared length read before the type is known. */
    maxSize,
    tooLarge: (size?: number) => tooLarge(maxSize, size),
    checkType(contentType: string) {
      const mime = baseMime(contentType);
      for (const accepted of [rule, providerRule]) {
        if (accepted && !isAccepted(accepted, { type: contentType, name: '' })) {
          throw new HttpError(400, 'file-invalid-type', `Files of type ${contentType} are not accepted; use ${describeAccept(accepted)}.`);
        }
      }
      // After the accept: a type no rule takes is told what to use; one a wildcard took, why it is refused anyway.
      if (ACTIVE_CONTENT.test(mime) && !named.has(mime)) {
        throw new HttpError(400, 'file-invalid-type', `Files of type ${mime} are not accepted: they can carry scripts.`);
      }
      const byType = Object.entries(limits.maxSizeByType ?? {}).find(([pattern]) => mimeMatches(contentType, pattern));
      return sizeRules(Math.min(maxSize, byType?.[1] ?? maxSize));
    },
  };
}

const mimeRule = (accept: Accept): AcceptRule => ({ mimes: parseAccept(accept).mimes, extensions: [] });

export type CompiledRules = ReturnType<typeof compileRules>;
