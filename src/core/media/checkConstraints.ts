// Image dimensions, video dimensions and duration, audio duration, checked on the decoded media. Loaded by the
// engine with import() only when `constraints` is set.
import { fileTypeOf } from '../accept';
import type { UploadError } from '../types';
import { mediaError } from './mediaError';
import { readImageSize, readMediaMetadata, type MediaInfo } from './readMedia';
import type { AudioConstraints, ImageConstraints, MediaConstraints, VideoConstraints } from './types';

type Box = Pick<ImageConstraints, 'minWidth' | 'minHeight' | 'maxWidth' | 'maxHeight'>;
type Span = Pick<AudioConstraints, 'minDuration' | 'maxDuration'>;

const PLURAL = { image: 'images', video: 'videos', audio: 'audio' } as const;

/**
 * Reads dimensions/duration from the decoded media (browser APIs) and returns null or an UploadError with code
 * 'file-invalid-dimensions' | 'file-invalid-duration' and a sentence: "photo.jpg is 320×240 px; images must be
 * at least 512×512 px".
 */
export async function checkConstraints(file: File, type: string, constraints: MediaConstraints, signal: AbortSignal): Promise<UploadError | null> {
  signal.throwIfAborted();
  const kind = fileTypeOf(type);
  if (kind === 'other') return null;
  const rules = constraints[kind];
  // A WebM sniffs as video even when it holds only sound (MediaRecorder audio): audio rules may apply to it.
  const audioRules = kind === 'video' ? constraints.audio : undefined;
  if (!hasRules(rules) && !hasRules(audioRules)) return null;
  let info: MediaInfo;
  try {
    info = kind === 'image' ? await readImageSize(file, signal) : await readMediaMetadata(file, kind, signal);
  } catch (failure) {
    if (signal.aborted) throw signal.reason;
    const code = kind === 'audio' || !hasBox(rules as Box | undefined) ? 'file-invalid-duration' : 'file-invalid-dimensions';
    const what = code === 'file-invalid-duration' ? 'length' : 'size';
    return mediaError(code, `${file.name} could not be read by this browser, so its ${what} could not be checked; try another ${kind === 'audio' ? 'audio file' : kind}.`, { cause: failure });
  }
  // No picture: the audio rules when there are some; else the video's, which its length may break (and its 0×0 size,
  // if they ask for a size), rather than none.
  if (kind === 'video' && !info.width && !info.height && audioRules) return checkSpan(file.name, 'audio', info.duration ?? 0, audioRules);
  if (kind === 'image') return checkBox(file.name, kind, info, rules as ImageConstraints) ?? checkAspect(file.name, info, rules as ImageConstraints);
  if (kind === 'video') {
    if (!rules) return null;
    return checkBox(file.name, kind, info, rules as VideoConstraints) ?? checkSpan(file.name, kind, info.duration ?? 0, rules as VideoConstraints);
  }
  return rules ? checkSpan(file.name, kind, info.duration ?? 0, rules as AudioConstraints) : null;
}

const hasRules = (rules: object | undefined): boolean =>
  rules !== undefined && Object.entries(rules).some(([key, value]) => value !== undefined && key !== 'aspectRatioTolerance');
const hasBox = (rules: Box | undefined): boolean =>
  rules !== undefined && [rules.minWidth, rules.minHeight, rules.maxWidth, rules.maxHeight].some((v) => v !== undefined);

/** "at least 512×512 px", "at least 512 px wide", "between 512×512 and 2048×2048 px". */
function boxWords(width: number | undefined, height: number | undefined): string {
  if (width !== undefined && height !== undefined) return `${width}×${height} px`;
  return width !== undefined ? `${width} px wide` : `${height} px high`;
}

function checkBox(name: string, kind: 'image' | 'video', { width = 0, height = 0 }: MediaInfo, rules: Box): UploadError | null {
  const { minWidth, minHeight, maxWidth, maxHeight } = rules;
  const tooSmall = (minWidth !== undefined && width < minWidth) || (minHeight !== undefined && height < minHeight);
  const tooLarge = (maxWidth !== undefined && width > maxWidth) || (maxHeight !== undefined && height > maxHeight);
  if (!tooSmall && !tooLarge) return null;
  const hasMin = minWidth !== undefined || minHeight !== undefined;
  const hasMax = maxWidth !== undefined || maxHeight !== undefined;
  const wanted =
    hasMin && hasMax && minWidth !== undefined === (maxWidth !== undefined) && minHeight !== undefined === (maxHeight !== undefined)
      ? `between ${boxWords(minWidth, minHeight).replace(/ px.*$/, '')} and ${boxWords(maxWidth, maxHeight)}`
      : tooSmall
        ? `at least ${boxWords(minWidth, minHeight)}`
        : `at most ${boxWords(maxWidth, maxHeight)}`;
  return mediaError('file-invalid-dimensions', `${name} is ${width}×${height} px; ${PLURAL[kind]} must be ${wanted}`);
}

function ratioOf(value: number | `${number}:${number}`): { value: number; words: string } {
  if (typeof value === 'number') return { value, words: ratioWords(value) };
  const [w, h] = value.split(':').map(Number);
  return { value: w! / h!, words: value };
}

const ratioWords = (ratio: number): string => `${Math.round(ratio * 100) / 100}:1`;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function checkAspect(name: string, { width = 0, height = 0 }: MediaInfo, rules: ImageConstraints): UploadError | null {
  if (rules.aspectRatio === undefined || height === 0) return null;
  const wanted = ratioOf(rules.aspectRatio);
  const tolerance = rules.aspectRatioTolerance ?? 0.01;
  // A hair of slack for floating point: 101/100 - 1 is 0.010000000000000009, and a 1% tolerance must let 101×100 pass.
  if (Math.abs(width / height / wanted.value - 1) <= tolerance + 1e-9) return null;
  const d = gcd(width, height);
  const actual = width / d <= 50 && height / d <= 50 ? `${width / d}:${height / d}` : ratioWords(width / height);
  return mediaError('file-invalid-dimensions', `${name} is ${width}×${height} px (${actual}); images must have an aspect ratio of ${wanted.words}`);
}

function checkSpan(name: string, kind: 'video' | 'audio', duration: number, { minDuration, maxDuration }: Span): UploadError | null {
  const tooShort = minDuration !== undefined && duration < minDuration;
  const tooLong = maxDuration !== undefined && duration > maxDuration;
  if (!tooShort && !tooLong) return null;
  // Rounded away from the limit, so a 30.04 s clip never reads "30 seconds long; must be at most 30 seconds".
  const shown = secondsWords(tooLong ? Math.ceil(duration * 10) / 10 : Math.floor(duration * 10) / 10);
  const wanted =
    minDuration !== undefined && maxDuration !== undefined
      ? `between ${maxDuration < 60 ? Math.round(minDuration * 10) / 10 : secondsWords(minDuration)} and ${secondsWords(maxDuration)}`
      : tooShort
        ? `at least ${secondsWords(minDuration!)}`
        : `at most ${secondsWords(maxDuration!)}`;
  return mediaError('file-invalid-duration', `${name} is ${shown} long; ${PLURAL[kind]} must be ${wanted}`);
}

/** "1 second", "42 seconds", "2.5 seconds", "1 minute 30 seconds", "2 minutes". */
export function secondsWords(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(Math.round(seconds * 10) / 10, 'second');
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round((seconds - minutes * 60) * 10) / 10;
  return rest === 0 ? unit(minutes, 'minute') : `${unit(minutes, 'minute')} ${unit(rest, 'second')}`;
}
