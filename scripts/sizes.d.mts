// Types for scripts/sizes.mjs (a plain script node runs as is), for the package test that imports it.
export interface ChunkSize {
  bytes: number;
  gzip: number;
}
export interface EntrySize extends ChunkSize {
  /** Chunks reached only through import(), each gzipped alone. */
  lazy: Array<ChunkSize & { chunk: string }>;
  /** Minified bytes each package adds to the up-front figure (`media-uploader` is ours). */
  inputs: Record<string, number>;
  /** External packages the up-front chunks import (unused imports included). */
  peers: string[];
}
export declare const BUDGETS: Record<'MediaUploader' | 'useUpload' | 'createUploader' | 'styles.css', number>;
export declare const PEERS: string[];
export declare function measureSizes(root: string): Promise<Record<string, EntrySize>>;
export declare function formatSizes(entries: Record<string, EntrySize>): string;
