// Options and results of media preparation (DESIGN.md "Media made ready for the model"). Types only: importing
// this file costs nothing at run time.

export interface ImageConstraints {
  minWidth?: number;
  minHeight?: number;
  maxWidth?: number;
  maxHeight?: number;
  /** Width divided by height, or `"W:H"` such as `"16:9"`. */
  aspectRatio?: number | `${number}:${number}`;
  /** Relative tolerance on the aspect ratio. @default 0.01 */
  aspectRatioTolerance?: number;
}

export interface VideoConstraints {
  minWidth?: number;
  minHeight?: number;
  maxWidth?: number;
  maxHeight?: number;
  /** Seconds. */
  minDuration?: number;
  /** Seconds. */
  maxDuration?: number;
}

export interface AudioConstraints {
  /** Seconds. */
  minDuration?: number;
  /** Seconds. */
  maxDuration?: number;
}

export interface MediaConstraints {
  image?: ImageConstraints;
  video?: VideoConstraints;
  audio?: AudioConstraints;
}

export interface ResizeImageOptions {
  maxWidth?: number;
  maxHeight?: number;
  /** The encoding of a resized image. @default its own type; JPEG for types a browser cannot encode */
  type?: 'image/jpeg' | 'image/webp' | 'image/png';
  /** 0..1, for JPEG and WebP. @default 0.9 */
  quality?: number;
}

export interface PrepareOptions {
  /** Scales an image larger than the box down to fit it (orientation applied) and re-encodes it. */
  resizeImage?: ResizeImageOptions;
  /** Removes GPS (`'location'`) or every metadata block but orientation and colour profile (`'all'`). @default 'location' */
  stripMetadata?: 'location' | 'all' | false;
  /** The app's own step (crop, HEIC conversion), run last. */
  transform?: (file: File, ctx: { signal: AbortSignal }) => Promise<File | Blob>;
}

/** What preparation did, for the row ("4032×3024 → 2048×1536", "3.1 MB → 0.9 MB", "location removed"). */
export interface PrepareChange {
  kind: 'resized' | 'reencoded' | 'location-removed' | 'metadata-removed' | 'transformed';
  from?: string;
  to?: string;
}

export interface PreparedFile {
  file: File;
  type: string;
  changes: PrepareChange[];
  /** Decoded size, when preparation decoded the image (resize). */
  width?: number;
  height?: number;
  duration?: number;
}
