// Downscales an image to fit a box with the browser's own decoder and encoder (createImageBitmap + canvas):
// no codec is shipped. The canvas writes no EXIF, so a re-encoded image carries no location either.
import type { ResizeImageOptions } from './types';

/** What the browser's canvas can encode; anything else (GIF, AVIF, HEIC) is re-encoded as JPEG. */
const ENCODABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);
const DEFAULT_QUALITY = 0.9;

/** A step that failed for a reason a user can read ("this browser cannot decode it"). */
export class PrepareStepError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PrepareStepError';
  }
}

/** The browser has no decoder for the image (HEIC outside Safari, a damaged file). */
export class UndecodableImageError extends PrepareStepError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UndecodableImageError';
  }
}

export interface ResizeResult {
  /** Null when the image already fits the box (it is left as it is). */
  blob: Blob | null;
  type: string;
  /** Decoded size, orientation applied. */
  width: number;
  height: number;
  toWidth: number;
  toHeight: number;
}

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

export async function resizeImage(file: Blob, type: string, options: ResizeImageOptions, signal: AbortSignal): Promise<ResizeResult> {
  let bitmap: ImageBitmap;
  try {
    // 'from-image' applies the EXIF orientation: a portrait phone photo stays portrait.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (cause) {
    throw new UndecodableImageError('this browser cannot decode the image to resize it', { cause });
  }
  try {
    signal.throwIfAborted();
    const { width, height } = bitmap;
    const scale = Math.min(1, (options.maxWidth ?? Infinity) / width, (options.maxHeight ?? Infinity) / height);
    if (!(scale < 1)) return { blob: null, type, width, height, toWidth: width, toHeight: height };
    const toWidth = Math.max(1, Math.round(width * scale));
    const toHeight = Math.max(1, Math.round(height * scale));
    let target = options.type ?? (ENCODABLE.has(type) ? type : 'image/jpeg');
    const quality = options.quality ?? DEFAULT_QUALITY;
    let blob = await encode(draw(bitmap, toWidth, toHeight, target), target, quality);
    // A browser that cannot encode the type answers PNG (Safari and WebP): fall back to JPEG as documented.
    if (blob.type !== target && target !== 'image/jpeg') {
      target = 'image/jpeg';
      blob = await encode(draw(bitmap, toWidth, toHeight, target), target, quality);
    }
    signal.throwIfAborted();
    return { blob, type: blob.type || target, width, height, toWidth, toHeight };
  } finally {
    bitmap.close();
  }
}

function draw(bitmap: ImageBitmap, width: number, height: number, type: string): AnyCanvas {
  const canvas: AnyCanvas =
    typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!context) throw new PrepareStepError('this browser gave no canvas to resize the image on');
  if (type === 'image/jpeg') {
    // JPEG has no alpha: transparent pixels would turn black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

async function encode(canvas: AnyCanvas, type: string, quality: number): Promise<Blob> {
  const blob =
    'convertToBlob' in canvas
      ? await canvas.convertToBlob({ type, quality })
      : await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
  if (!blob) throw new PrepareStepError('this browser could not encode the resized image');
  return blob;
}
