// The public shapes of the browser entry (see ../shared/DESIGN.md). Framework-free: no React here.
import type { QueryClient } from '@tanstack/query-core';

/** The one status union a file moves through; changed only by the reducer. */
export type UploadStatus = 'queued' | 'presigning' | 'uploading' | 'done' | 'error' | 'canceled';

/** Stable error codes: match on these, never on messages. */
export type UploadErrorCode =
  | 'file-invalid-type'
  | 'file-too-large'
  | 'file-too-small'
  | 'too-many-files'
  | 'presign-failed'
  | 'presign-invalid-response'
  | 'upload-failed'
  | 'upload-expired'
  | 'network-error'
  | 'stalled';

/** Errors are data: a sentence for the user, a code, the HTTP status when there was one, and the cause. */
export interface UploadError {
  code: UploadErrorCode;
  message: string;
  status?: number;
  cause?: unknown;
}

/** The high-level category sent to presign endpoints. */
export type FileType = 'image' | 'video' | 'audio' | 'other';

/** The JSON body POSTed to a presign URL, and the first argument of a presign function. */
export interface PresignRequest {
  filename: string;
  contentType: string;
  size: number;
  fileType: FileType;
}

export type PresignFunction = (req: PresignRequest, ctx: { signal: AbortSignal }) => Promise<unknown>;

/** How to read the presign response; `auto` recognises every documented shape. */
export type ProviderName = 'auto' | 'native' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna';

/** The native presign response (what our server entry's presign handler answers). */
export interface NativePresignResponse {
  uploadUrl: string;
  method?: 'PUT' | 'POST';
  headers?: Record<string, string>;
  fields?: Record<string, string>;
  fileField?: string;
  publicUrl?: string;
  fileId?: string;
  /** ISO 8601. */
  expiresAt?: string;
}

/** Every presign response shape, normalized: what the transport needs to send one file. */
export interface UploadTarget {
  url: string;
  method: 'PUT' | 'POST';
  /** Sent verbatim; includes Content-Type for PUT. */
  headers: Record<string, string>;
  /** Multipart POST form fields, sent before the file. */
  fields: Record<string, string>;
  /** Multipart POST: the form field that carries the file. */
  fileField: string;
  /** The form value when the presign response already tells it (publicUrl, public_url, file_id...). */
  value?: string;
  /** Epoch milliseconds after which the URL no longer accepts uploads. */
  expiresAt?: number;
}

/** `<input accept>` string, an array of them, or react-dropzone's `{ mime: [extensions] }` map. */
export type Accept = string | readonly string[] | Record<string, readonly string[]>;

/** Retry policy as data (TanStack Query style). */
export interface RetryPolicy {
  /** @default 3 */
  retries?: number;
  /** First backoff delay. @default 1000 */
  baseDelayMs?: number;
  /** Cap of the exponential backoff. @default 30000 */
  maxDelayMs?: number;
}

export interface UploadOptions {
  /** A presign URL (POST JSON) or a function that returns a presign response. */
  presign: string | PresignFunction;
  /** Extra headers for the presign request (never sent to storage). */
  presignHeaders?: Record<string, string> | (() => Record<string, string>);
  /** How to read the presign response. @default 'auto' */
  provider?: ProviderName;
  /** Accepted types. @default image, video and audio */
  accept?: Accept;
  /** @default 104857600 (100 MB) */
  maxSize?: number;
  /** @default 1 */
  minSize?: number;
  /** More than one file at once; without it a new file replaces the current one. @default false */
  multiple?: boolean;
  /** Most files kept at once (only with `multiple`). */
  maxFiles?: number;
  /** Uploads running at the same time. @default 3 */
  concurrency?: number;
  /** Retries of network errors, 5xx, 408, 429 and stalls; `false` or 0 turns them off. @default 3 */
  retry?: boolean | number | RetryPolicy;
  /** No progress for this long aborts the attempt as `stalled` (a presign with no answer for this long fails and is retried). @default 30000 */
  stallTimeoutMs?: number;
  disabled?: boolean;
  /** Uploads run as mutations in this client (so `useIsMutating` sees them); else in a private one. */
  queryClient?: QueryClient;
  onUploaded?: (file: UploadFile) => void;
  onError?: (error: UploadError, file: UploadFile) => void;
  /** Test seam: makes the XMLHttpRequest for each attempt. */
  createXhr?: () => XMLHttpRequest;
}

/** One file as the UI sees it. Progress, speed and ETA are derived when the snapshot is built. */
export interface UploadFile {
  id: string;
  file: File;
  name: string;
  size: number;
  /** The MIME type after sniffing: the bytes win over the declared type. */
  type: string;
  status: UploadStatus;
  loaded: number;
  total: number;
  /** 0..1 */
  progress: number;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  /** The form value (public URL or file id), set only once storage confirmed the upload. */
  value: string | null;
  error: UploadError | null;
  /** An object URL for previews (image, video, audio), revoked on remove and destroy. */
  previewUrl: string | null;
}

export interface UploaderSnapshot {
  files: readonly UploadFile[];
  /** Values of done files, in the order the files were added; without `multiple`, a replaced file's value until a replacement is done. */
  value: readonly string[];
  isUploading: boolean;
}

export interface Uploader {
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploaderSnapshot;
  /** Adds files: each is checked, then queued; rejected files are listed with status `error`. */
  upload(files: Iterable<File> | ArrayLike<File>): Promise<void>;
  cancel(id: string): void;
  retry(id: string): void;
  remove(id: string): void;
  clear(): void;
  setOptions(options: Partial<UploadOptions>): void;
  /** Aborts everything, revokes object URLs and drops listeners (unmount). */
  destroy(): void;
}
