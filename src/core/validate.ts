// Checks that run before any request: type, size, count. Rejections are data with stable codes. Deciding is here;
// the sentences a refused file gets are built by validateFile.ts, loaded only when a file is refused.
import { DEFAULT_ACCEPT, isAccepted, parseAccept } from './accept';
import { uploadError } from './errors';
import { readBytes } from './readBytes';
import { detectMime, resolveMime, SNIFF_BYTES } from './sniff';
import type { Accept, UploadError, UploadErrorCode } from './types';

export const DEFAULT_MAX_SIZE = 104_857_600;
export const DEFAULT_MIN_SIZE = 1;

export interface ValidationRules {
  accept?: Accept | undefined;
  maxSize?: number | undefined;
  minSize?: number | undefined;
}

type FileFacts = { name: string; size: number; type: string };

/** The first type or size rule a file breaks (its type already sniffed), as its error code; null when it may go. */
export function brokenRule(file: FileFacts, rules: ValidationRules): UploadErrorCode | null {
  if (!isAccepted(parseAccept(rules.accept ?? DEFAULT_ACCEPT), file)) return 'file-invalid-type';
  if (file.size > (rules.maxSize ?? DEFAULT_MAX_SIZE)) return 'file-too-large';
  if (file.size < (rules.minSize ?? DEFAULT_MIN_SIZE)) return 'file-too-small';
  return null;
}

/**
 * A refused file's error: its sentence from validateFile.ts, imported now. A refusal happens right after a pick, so
 * the page's origin is normally reachable; if the import fails all the same, the code is kept with a plain sentence
 * (the file is refused: that module also decides whether bytes of no known format are taken).
 */
export async function refusal<E extends UploadError | null>(code: UploadErrorCode, name: string, build: (sentences: typeof import('./validateFile')) => E): Promise<E | UploadError> {
  try {
    return build(await import('./validateFile'));
  } catch {
    return uploadError(code, `${name} was not accepted.`);
  }
}

/**
 * Type and size checks for one file from its first `headLength` bytes (64 by default); resolves the type to use, the
 * rejection if any, and the bytes read (null when unreadable), which the metadata walk starts from.
 */
export async function checkFile(file: File, rules: ValidationRules, headLength?: number): Promise<{ type: string; error: UploadError | null; head: Uint8Array | null }> {
  const head = await readBytes(file, 0, headLength ?? SNIFF_BYTES);
  const sniffed = head && detectMime(head);
  if (sniffed === null) {
    // Bytes of no known format, or none read: refused unless the app's accept names them (the sentences' module
    // decides, loaded now). If it cannot load, refused all the same: the file may be a disguised one.
    const mismatch = await refusal('file-invalid-type', file.name, (s) => s.unknownBytesError(file, rules, !head));
    if (mismatch) return { type: '', head, error: mismatch };
  }
  const facts = { name: file.name, size: file.size, type: resolveMime(file.type, sniffed) };
  // A type the bytes show passes here by accept's MIME types only; whether an extension accept lists is that type's
  // (a WAV named .png is no PNG) is decided with the sentences (validateFile.ts), loaded then.
  const code = brokenRule(sniffed ? { ...facts, name: '' } : facts, rules);
  return { type: facts.type, head, error: code && (await refusal(code, file.name, (s) => s.validateFile(facts, rules)!)) };
}
