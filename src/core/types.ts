// The public shapes of the browser entry (see ../shared/DESIGN.md). Framework-free: no React here.
import type { QueryClient } from '@tanstack/query-core';
import type { ScheduleFrame } from './frames';

import type { MediaConstraints, PrepareChange, PrepareOptions } from './media/types';

/** The one status union a file moves through; changed only by the reducer. `preparing`: resized or cleaned before presign. */
export type UploadStatus = 'queued' | 'preparing' | 'presigning' | 'uploading' | 'done' | 'error' | 'canceled';

/** Stable error codes: match on these, never on messages. */
export type UploadErrorCode =
  | 'file-invalid-type'
  | 'file-too-large'
  | 'file-too-small'
  | 'too-many-files'
  | 'file-invalid-dimensions'
  | 'file-invalid-duration'
  | 'prepare-failed'
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
  /**
   * The form value when the presign response already tells it (publicUrl, public_url, file_id...). Checked (scheme
   * rule) when the response is read (parsePresignResponse), so sendFile does not check it again.
   */
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
  /** A presign URL (POST JSON `{filename, contentType, size, fileType}`) or a function that returns a presign response. */
  presign: string | PresignFunction;
  /** Extra headers for the presign request only (never sent to storage). */
  presignHeaders?: Record<string, string> | (() => Record<string, string>);
  /** How to read the presign response; `auto` recognises every documented shape. @default 'auto' */
  provider?: ProviderName;
  /** Accepted types, as in `<input accept>` (`"image/*,.heic"`), an array, or react-dropzone's map. @default image, video and audio */
  accept?: Accept;
  /** Largest file in bytes (after preparation). @default 104857600 (100 MB) */
  maxSize?: number;
  /** Smallest file in bytes. @default 1 */
  minSize?: number;
  /** More than one file at once; without it a new file replaces the current one. @default false */
  multiple?: boolean;
  /** Most files listed at once (only with `multiple`). */
  maxFiles?: number;
  /** Uploads running at the same time. @default 3 */
  concurrency?: number;
  /** Automatic retries of network errors, 5xx, 408, 429 and stalls; `false` or 0 turns them off. @default 3 */
  retry?: boolean | number | RetryPolicy;
  /** No upload progress for this long aborts the attempt as `stalled` (then retried). @default 30000 */
  stallTimeoutMs?: number;
  /** A presign request with no answer for this long fails as `presign-failed` (then retried). @default 30000 */
  presignTimeoutMs?: number;
  /** Checks on the decoded media (dimensions, duration), after preparation and before any request. */
  constraints?: MediaConstraints;
  /** Makes each file ready for the model before it is presigned: resize, metadata removal, your own transform. */
  prepare?: PrepareOptions;
  /** No picking, dropping or pasting; the field is not validated. @default false */
  disabled?: boolean;
  /** The field needs at least one uploaded value (its validation message says so). @default false */
  required?: boolean;
  /** Controlled value: a string without `multiple`, a string array with it. */
  value?: string | readonly string[];
  /** Uncontrolled initial value (an existing URL when editing). */
  defaultValue?: string | readonly string[];
  /** The new field value, once per change: a string without `multiple` ('' when emptied), a string array with it. */
  onChange?: (value: string | string[]) => void;
  /** Validation messages for a pending upload and for an empty required field. */
  validationMessages?: { pending?: string; required?: string };
  /** Uploads run as mutations in this client (so `useIsMutating` sees them); else in a private one. */
  queryClient?: QueryClient;
  /** A file is stored (its value is set). */
  onUploaded?: (file: UploadFile) => void;
  /** A file failed; `error.code` is stable. */
  onError?: (error: UploadError, file: UploadFile) => void;
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
  /** What preparation changed (resized, location removed), in order; empty when nothing changed. */
  changes: readonly PrepareChange[];
  /** An object URL for previews (image, video, audio), revoked on remove and destroy. */
  previewUrl: string | null;
}

/** Something that happened to a file since the previous notification: what a live region announces. */
export type UploadActivity =
  | { kind: 'status'; id: string; name: string; status: UploadStatus; error: UploadError | null }
  | { kind: 'progress'; id: string; name: string; percent: number }
  | { kind: 'removed'; id: string; name: string };

export interface UploaderSnapshot {
  files: readonly UploadFile[];
  /** The files' ids in pick order; the same array until a file is added or removed (render rows from it). */
  fileIds: readonly string[];
  /** The field value: values of done files in the order the files were added, after existing values. */
  value: readonly string[];
  /** Values in the field that no listed file produced: a default or controlled value, or a value kept through a failed replacement. */
  existingValues: readonly string[];
  isUploading: boolean;
  /** Why the field cannot be submitted ('' when it can): uploads still running, or nothing uploaded while `required`. */
  validationMessage: string;
  /** What happened in the latest notification that had activity, in order (status changes, progress quarters, removals). */
  activity: readonly UploadActivity[];
}

export interface Uploader {
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploaderSnapshot;
  /**
   * Adds files: each is checked, then queued; rejected files are listed with status `error`. Resolves once each is
   * checked, removed or canceled (a canceled file's check still ends, later: a file on a drive gone away never does).
   */
  upload(files: Iterable<File> | ArrayLike<File>): Promise<void>;
  cancel(id: string): void;
  retry(id: string): void;
  remove(id: string): void;
  /** Removes an existing value (one no listed file produced) from the field. */
  removeValue(value: string): void;
  clear(): void;
  /** One file, looked up by id without a scan: for a row that re-renders only when its file changes. */
  getFile(id: string): UploadFile | undefined;
  setOptions(options: Partial<UploadOptions>): void;
  /** Aborts everything, revokes object URLs and drops listeners (unmount). */
  destroy(): void;
}

/**
 * Options only tests, Storybook and bindings need; kept off the public `UploadOptions` contract (not exported by the
 * package's entry).
 */
export interface UploaderInternals {
  /** Schedules a notification; defaults to requestAnimationFrame with a timer fallback for hidden tabs. */
  scheduleFrame?: ScheduleFrame;
  /** Wraps each notification: the React binding passes flushSync, so listeners and onChange land in one commit. */
  batch?: (notify: () => void) => void;
  /** Test seam: makes the XMLHttpRequest for each attempt. */
  createXhr?: () => XMLHttpRequest;
}

