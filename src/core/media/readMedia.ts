// Reads what constraints need from the decoded media with the browser's own decoders: an image's size from
// createImageBitmap, a video's size and duration and an audio's duration from a media element's metadata.

export interface MediaInfo {
  width?: number;
  height?: number;
  /** Seconds. */
  duration?: number;
}

/** The browser could not decode the media (unknown codec, damaged file): the constraints cannot be checked. */
export class UnreadableMediaError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnreadableMediaError';
  }
}

/** Metadata that never arrives (a stalled decoder) ends as unreadable instead of a file preparing forever. */
const METADATA_TIMEOUT_MS = 20_000;

/**
 * Width and height as shown (EXIF orientation applied). An <img> knows them from the header without decoding the
 * pixels (a 12 MP decode costs about a second and 48 MB); where there is no DOM, createImageBitmap decodes.
 */
export function readImageSize(file: Blob, signal: AbortSignal): Promise<MediaInfo> {
  signal.throwIfAborted();
  if (typeof document === 'undefined') return decodeImageSize(file, signal);
  const image = new Image();
  const url = URL.createObjectURL(file);
  return new Promise<MediaInfo>((resolve, reject) => {
    const finish = (outcome: MediaInfo | Error) => {
      image.onload = image.onerror = null;
      signal.removeEventListener('abort', onAbort);
      image.removeAttribute('src');
      URL.revokeObjectURL(url);
      if (signal.aborted) reject(signal.reason);
      else if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => finish(new Error('aborted'));
    image.onload = () => finish({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => finish(new UnreadableMediaError('this browser cannot decode the image'));
    signal.addEventListener('abort', onAbort);
    image.src = url;
  });
}

async function decodeImageSize(file: Blob, signal: AbortSignal): Promise<MediaInfo> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (cause) {
    signal.throwIfAborted();
    throw new UnreadableMediaError('this browser cannot decode the image', { cause });
  }
  const info = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  signal.throwIfAborted();
  return info;
}

/** Loads only the metadata of a video or audio file in a detached media element, then frees it. */
export function readMediaMetadata(file: Blob, kind: 'video' | 'audio', signal: AbortSignal): Promise<MediaInfo> {
  signal.throwIfAborted();
  const element = document.createElement(kind);
  const url = URL.createObjectURL(file);
  return new Promise<MediaInfo>((resolve, reject) => {
    const timer = setTimeout(() => finish(new UnreadableMediaError('this browser found no metadata in it')), METADATA_TIMEOUT_MS);
    let done = false;
    const finish = (outcome: MediaInfo | Error | unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      element.removeEventListener('loadedmetadata', onMetadata);
      element.removeEventListener('durationchange', onDurationChange);
      element.removeEventListener('error', onError);
      signal.removeEventListener('abort', onAbort);
      element.removeAttribute('src');
      element.load(); // lets the browser drop its decoder now, not at garbage collection
      URL.revokeObjectURL(url);
      if (outcome instanceof Error || signal.aborted) reject(signal.aborted ? signal.reason : outcome);
      else resolve(outcome as MediaInfo);
    };
    const info = (): MediaInfo =>
      element instanceof HTMLVideoElement
        ? { width: element.videoWidth, height: element.videoHeight, duration: element.duration }
        : { duration: element.duration };
    const onMetadata = () => {
      if (Number.isFinite(element.duration)) return finish(info());
      // WebM from MediaRecorder has no duration in its header (Chromium reports Infinity): seeking far past
      // the end makes the browser scan the file and announce the real duration.
      element.currentTime = Number.MAX_SAFE_INTEGER;
    };
    const onDurationChange = () => {
      if (element.readyState >= HTMLMediaElement.HAVE_METADATA && Number.isFinite(element.duration)) finish(info());
    };
    const onError = () => finish(new UnreadableMediaError('this browser cannot decode it', { cause: element.error }));
    const onAbort = () => finish(signal.reason);
    element.addEventListener('loadedmetadata', onMetadata);
    element.addEventListener('durationchange', onDurationChange);
    element.addEventListener('error', onError);
    signal.addEventListener('abort', onAbort);
    element.preload = 'metadata';
    element.muted = true;
    element.src = url;
  });
}
