// Public shapes of `media-uploader/testing`. Other entries' tests and the stories code against these names.
import type { HttpHandler } from 'msw';

export interface ProviderMockOptions {
  /** Provider API origin. @default the documented one (https://api.eachlabs.ai, ...) */
  baseUrl?: string;
  /** The only key the mock accepts. @default 'test-api-key' */
  apiKey?: string;
  /** Where presigned PUTs go. @default per provider (https://eachlabs-storage.s3.amazonaws.com, ...) */
  storageOrigin?: string;
  /** Origin of public URLs; a GET there returns the stored bytes. @default per provider (https://cdn-us.eachlabs.ai, ...) */
  publicOrigin?: string;
  /** Presigned URL lifetime. @default the documented one (eachlabs 900, modelroute 3600, apimodels 600) */
  expiresInSeconds?: number;
  /** Clock in epoch milliseconds, for expiry tests. @default Date.now */
  now?: () => number;
  /** Delay before every response, for Storybook. @default 0 */
  latencyMs?: number;
}

/** An object the mock storage accepted. */
export interface MockUpload {
  /** Where the bytes can be fetched back (the public URL, or pruna's `urls.get`). */
  url: string;
  /** Object key inside the bucket, e.g. `uploads/<id>.png`. */
  key: string;
  contentType: string;
  size: number;
  /** Headers of the request that carried the bytes, names lower-cased. */
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** One request a mock answered (API, storage, preflight or public GET), in arrival order. */
export interface MockCall {
  method: string;
  url: string;
  /** Names lower-cased. */
  headers: Record<string, string>;
  /**
   * Parsed JSON; for multipart, the fields with files as `{ name, type, size }`; for a PUT, the bytes stored;
   * `undefined` when the body was rejected unread (or there was none).
   */
  body: unknown;
}

export interface ProviderMock {
  /** Pass to `setupServer(...)` / `setupWorker(...)`. */
  handlers: HttpHandler[];
  calls: MockCall[];
  uploads: MockUpload[];
  /** Forgets calls, uploads and every URL issued so far (issued URLs then answer 403). */
  reset(): void;
}

/** A failure `presignEndpointMock` injects on every request of its kind. */
export type PresignEndpointFailure =
  | 'presign-500'
  | 'presign-invalid'
  | 'upload-403-signature'
  | 'upload-500'
  | 'upload-expired'
  | 'cors';

export interface PresignEndpointMockOptions {
  /** The app's presign route; a path matches on any origin. @default '/api/presign' */
  path?: string;
  /** Which response shape the route answers in. */
  provider: 'native' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna';
  /** Where uploads go (pruna: the origin of `urls.get`). @default the provider's (native: https://media-uploader-mock.s3.amazonaws.com) */
  storageOrigin?: string;
  /** Delay before every response, for Storybook. @default 0 */
  latencyMs?: number;
  /** Injects a documented failure into every presign (`presign-*`) or every upload (`upload-*`, `cors`). */
  fail?: PresignEndpointFailure;
}
