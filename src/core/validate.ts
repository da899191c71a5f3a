// Checks that run before any request: type, size, count. Rejections are data with stable codes.
import { DEFAULT_ACCEPT, describeAccept, describeType, isAccepted, parseAccept } from './accept';
import { formatBytes, uploadError } from './errors';
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
    return uploadError('file-too-large', `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxSize)}.`);
  }
  if (file.size < minSize) {
    const message =
      file.size === 0
        ? `${file.name} is empty; choose a file with content.`
        : `${file.name} is ${formatBytes(file.size)}; the smallest allowed is ${formatBytes(minSize)}.`;
    return uploadError('file-too-small', message);
  }
  return null;
}

export function tooManyFilesError(name: string, maxFiles: number): UploadError {
  const files = maxFiles === 1 ? 'file' : 'files';
  return uploadError('too-many-files', `${name} was not added: at most ${maxFiles} ${files} can be uploaded.`);
}

export interface BatchRules extends ValidationRules {
  multiple?: boolean | undefined;
  maxFiles?: number | undefined;
  /** Files already listed and not rejected: they count against maxFiles. */
  alreadyKept: number;
}

/** Checks a batch in the order it was picked; the first files within maxFiles win. */
export function validateBatch(files: readonly { name: string; size: number; type: string }[], rules: BatchRules): (UploadError | null)[] {
  let kept = rules.alreadyKept;
  return files.map((file) => {
    const error = validateFile(file, rules);
    if (error) return error;
    if (rules.multiple && rules.maxFiles !== undefined && kept >= rules.maxFiles) return tooManyFilesError(file.name, rules.maxFiles);
    kept++;
    return null;
  });
}

/**
 * Sniffs each file's first bytes (the bytes win over the declared type), then checks the batch in pick order.
 * `rules` is read after the sniff: files added or removed meanwhile count against maxFiles as they stand then.
 */
export async function checkBatch(
  files: readonly { file: File; name: string; size: number }[],
  rules: () => BatchRules,
): Promise<{ types: string[]; errors: (UploadError | null)[] }> {
  const sniffed = await Promise.all(files.map((f) => sniffMime(f.file)));
  const types = files.map((f, i) => resolveMime(f.file.type, sniffed[i] ?? null));
  const errors = validateBatch(files.map((f, i) => ({ name: f.name, size: f.size, type: types[i]! })), rules());
  return { types, errors };
}
