// Reading a Blob by pieces, for the metadata strippers: a JPEG's headers are read, never the pixels of a 12 MP photo;
// a PNG's chunk headers are spread through the file, so a PNG of small chunks is read through, in windows.
import { readBytes } from '../readBytes';

/** The bytes do not follow their format; the message says where, for `prepare-failed`'s cause. */
// Errors and classes here set their fields in the constructor, not as class fields: a bundler targeting ES2020
// would add field helpers to the code every app loads up front.
export class DamagedFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DamagedFileError';
  }
}

/**
 * Edits one metadata block; a damaged block (EXIF offsets outside it, a text chunk without keyword) is dropped
 * whole instead of failing the upload: browsers ignore it too, and nothing it holds can leak. A damaged container
 * (segments, chunks) still fails, since what follows it cannot be trusted.
 */
export function dropIfDamaged<T>(edit: () => T | null, result: { metadata: boolean }): T | null {
  try {
    return edit();
  } catch (failure) {
    if (!(failure instanceof DamagedFileError)) throw failure;
    result.metadata = true;
    return null;
  }
}

/** The file could not be read any more (moved, deleted or changed on disk since it was picked). */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

const WINDOW = 64 * 1024;
/**
 * A walk that reads on from the end of its window reads the next one twice as large, up to this: a PNG of 4 KB chunks
 * (a canvas export) then takes a dozen reads instead of one per 64 KB, and each read is a synchronous call into
 * Chromium's blob registry (a 5.6 MB screenshot took 50-65 ms to walk in 64 KB windows). A jump (over a large chunk)
 * or a step back reads 64 KB again.
 */
const MAX_WINDOW = 1024 * 1024;

/**
 * Reads ranges of a Blob through a window (64 KB, growing while a walk reads on), so walking many small headers costs
 * few reads. `head`, the file's first bytes read already (by the type check), is the first window: a small file's
 * walk then reads nothing more.
 */
export class BlobReader {
  // `declare`: typed here, set in the constructor, no class field emitted.
  private declare start: number;
  private declare window: Uint8Array;
  /** How much the last read asked for (WINDOW, doubled while the walk reads on from each window's end). */
  private declare span: number;
  declare readonly blob: Blob;
  constructor(blob: Blob, head?: Uint8Array | null) {
    this.blob = blob;
    this.start = 0;
    this.window = head ?? new Uint8Array(0);
    this.span = WINDOW;
  }

  get size(): number {
    return this.blob.size;
  }

  /** Exactly `length` bytes at `offset`, or a DamagedFileError naming `what` when the file ends first. */
  async bytes(offset: number, length: number, what: string): Promise<Uint8Array> {
    if (length < 0 || offset + length > this.blob.size) throw new DamagedFileError(`${what} runs past the end of the file`);
    const inWindow = offset >= this.start && offset + length <= this.start + this.window.length;
    if (!inWindow) {
      // Reading on: at or a little past the window's end (the rest of a small chunk skipped), not a jump over a large one.
      const readsOn = this.window.length > 0 && offset >= this.start && offset < this.start + this.window.length + WINDOW;
      this.span = readsOn ? Math.min(this.span * 2, MAX_WINDOW) : WINDOW;
      // Read in the worker when it is up (readBytes.ts): a window of a large PNG is a megabyte to copy.
      const bytes = await readBytes(this.blob, offset, offset + Math.max(length, this.span));
      if (!bytes) throw new UnreadableFileError(`${what} could not be read`);
      this.start = offset;
      this.window = bytes;
    }
    return this.window.subarray(offset - this.start, offset - this.start + length);
  }

  /** True when the file holds `text` (ASCII) at `offset`; false when it ends first. */
  async holds(offset: number, text: string, what: string): Promise<boolean> {
    return offset >= 0 && offset + text.length <= this.blob.size && startsWithAscii(await this.bytes(offset, text.length, what), text);
  }
}

/** Pieces of the output: ranges of the original (kept without copying) and new bytes, in order. */
export class Assembler {
  private declare readonly parts: (Uint8Array | { start: number; end: number })[];
  declare changed: boolean;
  constructor() {
    this.parts = [];
    this.changed = false;
  }

  keep(start: number, end: number): void {
    const last = this.parts.at(-1);
    if (last && !(last instanceof Uint8Array) && last.end === start) last.end = end;
    else if (end > start) this.parts.push({ start, end });
  }

  put(bytes: Uint8Array): void {
    this.changed = true;
    this.parts.push(bytes);
  }

  /** A copy of original bytes, kept as bytes so that the caller can rewrite them in place later (a length in it). */
  hold(bytes: Uint8Array): void {
    this.parts.push(bytes);
  }

  /** Another Assembler's parts, after these. */
  append(other: Assembler): void {
    this.parts.push(...other.parts);
    this.changed ||= other.changed;
  }

  /** The output's length so far. */
  get length(): number {
    return this.parts.reduce((n, part) => n + (part instanceof Uint8Array ? part.length : part.end - part.start), 0);
  }

  /** The original itself when nothing changed; else a Blob of slices and new bytes (no copy of the big parts). */
  build(source: Blob, type: string): Blob {
    if (!this.changed) return source;
    const parts = this.parts.map((part) =>
      part instanceof Uint8Array ? (part as Uint8Array<ArrayBuffer>) : source.slice(part.start, part.end),
    );
    return new Blob(parts, { type });
  }
}

export const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

export const startsWithAscii = (bytes: Uint8Array, text: string, offset = 0): boolean =>
  bytes.length >= offset + text.length && ascii(bytes, offset, text.length) === text;

/**
 * The bytes as text, one UTF-16 unit per byte (windows-1252 decodes each byte to one), so that string indexes are byte
 * offsets: for searching XMP or MP4 key names with regexes, then editing the bytes where they matched.
 */
export const byteText = (bytes: Uint8Array): string => new TextDecoder('windows-1252').decode(bytes);

export const u16be = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
export const u16le = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
export const u32be = (b: Uint8Array, o: number): number => ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
export const u32le = (b: Uint8Array, o: number): number => ((b[o + 3]! << 24) >>> 0) + (b[o + 2]! << 16) + (b[o + 1]! << 8) + b[o]!;

export function concat(...chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
