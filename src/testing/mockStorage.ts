// An S3-like bucket behind presigned PUT URLs: checks what SigV4 would (the signed Content-Type and headers,
// expiry, the URL itself), answers with S3's XML errors and CORS headers, keeps the objects and serves them back
// from the public origin.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { readBodyLimited } from './body';
import { MAX_UPLOAD_BYTES, headersOf, type MockState } from './mockState';
import { digestHex, randomHex } from './random';
import {
  STORAGE_CORS_HEADERS,
  corsForbidden,
  internalError,
  requestExpired,
  s3Error,
  signatureDoesNotMatch,
} from './s3Errors';
import type { MockUpload } from './types';

export type StorageFailure = 'upload-403-signature' | 'upload-500' | 'upload-expired' | 'cors';

export interface MockStorageOptions {
  state: MockState;
  storageOrigin: string;
  /** Path-style bucket segment before the key in upload URLs (R2: `apimodels`); '' for virtual-hosted buckets. */
  bucketPath?: string;
  /** Public URL of a key. @default `${storageOrigin}/${key}` */
  publicUrlFor?: (key: string) => string;
  /** The origin `publicUrlFor` answers on (where GET serves objects). @default storageOrigin */
  publicOrigin?: string;
  expiresInSeconds: number;
  now: () => number;
  /** SigV4 region in X-Amz-Credential (R2 signs with `auto`). @default 'us-east-1' */
  region?: string;
  fail?: StorageFailure;
  /** Whether the storage takes presigned PUTs; pruna's only serves files uploaded through its API. @default true */
  presignedPuts?: boolean;
}

export interface PresignInput {
  key: string;
  contentType: string;
  /** Extra signed headers the PUT must carry verbatim (eachlabs: `x-amz-meta-file-id`). */
  headers?: Record<string, string>;
  /** A signed Content-Length (what s3() signs): a body of any other size fails the signature. */
  size?: number;
}

export interface Presigned {
  url: string;
  publicUrl: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface MockStorage {
  presign(input: PresignInput): Presigned;
  /** Stores bytes that arrived another way (multipart modes) and returns the upload, servable at its public URL. */
  store(key: string, contentType: string, bytes: Uint8Array, headers: Record<string, string>): Promise<MockUpload>;
  /** OPTIONS preflight and presigned PUT on the storage origin (none without `presignedPuts`). */
  uploadHandlers: HttpHandler[];
  /** GET of public URLs. */
  publicHandlers: HttpHandler[];
  reset(): void;
}

interface SignedUrl {
  pathname: string;
  search: string;
  key: string;
  contentType: string;
  headers: Record<string, string>;
  size: number | undefined;
  expiresAt: number;
}

// Several mocks may share one storage origin (an eachlabsMock and a presignEndpointMock({ provider: 'eachlabs' })
// in one server): msw asks the first matching handler, so a storage lets a URL it did not issue fall through
// to the storage that did, instead of answering 403 for it.
const owners = new Map<string, MockStorage>();

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const ALLOWED_PREFLIGHT_METHODS = ['PUT', 'POST', 'GET', 'HEAD'];
// Headers a PUT may carry that are not part of the signature: S3 rejects every other unsigned x-amz-* header.
const UNSIGNED_AMZ_HEADERS = new Set(['x-amz-content-sha256', 'x-amz-user-agent']);

/** The answer a `fail` switch puts in place of a storage's own checks. */
export function injectedFailure(fail: StorageFailure, expiresInSeconds: number, now: number): Response {
  switch (fail) {
    case 'cors':
      return HttpResponse.error(); // what the page sees once the preflight was refused
    case 'upload-500':
      return internalError();
    case 'upload-403-signature':
      return signatureDoesNotMatch();
    case 'upload-expired':
      return requestExpired(expiresInSeconds, now - 1000, now);
  }
}

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function createMockStorage(options: MockStorageOptions): MockStorage {
  const { state, storageOrigin, bucketPath = '', expiresInSeconds, now, region = 'us-east-1', fail } = options;
  const { presignedPuts = true } = options;
  const publicOrigin = options.publicOrigin ?? storageOrigin;
  const publicUrlFor = options.publicUrlFor ?? ((key: string) => `${publicOrigin}/${key}`);
  const signed = new Map<string, SignedUrl>();
  const objects = new Map<string, { upload: MockUpload; etag: string }>();
  const storage = {} as MockStorage;

  function presign({ key, contentType, headers = {}, size }: PresignInput): Presigned {
    const issuedAt = now();
    const expiresAt = issuedAt + expiresInSeconds * 1000;
    const signature = randomHex(64);
    const required = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const signedHeaders = [...(size === undefined ? [] : ['content-length']), 'content-type', 'host', ...Object.keys(required)]
      .sort()
      .join(';');
    const date = amzDate(issuedAt);
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
      'X-Amz-Credential': `${ACCESS_KEY_ID}/${date.slice(0, 8)}/${region}/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(expiresInSeconds),
      'X-Amz-Signature': signature,
      'X-Amz-SignedHeaders': signedHeaders,
      'x-id': 'PutObject',
    });
    const url = new URL(`${storageOrigin}/${bucketPath ? `${bucketPath}/` : ''}${key}?${query}`);
    signed.set(signature, { pathname: url.pathname, search: url.search, key, contentType, headers: required, size, expiresAt });
    owners.set(signature, storage);
    return { url: url.href, publicUrl: publicUrlFor(key), expiresAt };
  }

  async function save(key: string, contentType: string, bytes: Uint8Array, headers: Record<string, string>) {
    const upload: MockUpload = { url: publicUrlFor(key), key, contentType, size: bytes.byteLength, headers, bytes };
    const stored = { upload, etag: `"${(await digestHex(bytes)).slice(0, 32)}"` };
    objects.set(upload.url, stored); // a PUT to the same key overwrites, as on S3
    owners.set(upload.url, storage);
    state.uploads.push(upload);
    return stored;
  }

  /** The storage that issued this presigned URL, when it is another one (then its handler should answer). */
  function issuedElsewhere(url: URL): boolean {
    const signature = url.searchParams.get('X-Amz-Signature');
    const owner = signature ? owners.get(signature) : undefined;
    return owner !== undefined && owner !== storage;
  }

  const preflight = http.options(
    `${storageOrigin}/*`,
    state.withLatency(({ request }) => {
      if (issuedElsewhere(new URL(request.url))) return undefined;
      state.record(request);
      if (fail === 'cors') return corsForbidden();
      const method = (request.headers.get('access-control-request-method') ?? 'PUT').toUpperCase();
      const requested = (request.headers.get('access-control-request-headers') ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
      // The bucket's rule is AllowedHeaders: content-type, x-amz-meta-*. An Authorization header or a cookie-ish
      // custom header fails the preflight here, as it would on S3.
      const allowed = requested.every((name) => name === 'content-type' || name.startsWith('x-amz-meta-'));
      if (!ALLOWED_PREFLIGHT_METHODS.includes(method) || !allowed) return corsForbidden();
      return new HttpResponse(null, {
        status: 200,
        headers: {
          ...STORAGE_CORS_HEADERS,
          'Access-Control-Allow-Methods': ALLOWED_PREFLIGHT_METHODS.join(', '),
          // Browsers do not expand `x-amz-meta-*`: echo the requested names, as S3 does.
          'Access-Control-Allow-Headers': requested.length ? requested.join(', ') : 'content-type',
          'Access-Control-Max-Age': '3000',
          Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
        },
      });
    }),
  );

  const put = http.put(
    `${storageOrigin}/*`,
    state.withLatency(async ({ request }) => {
      const url = new URL(request.url);
      if (issuedElsewhere(url)) return undefined;
      const signature = url.searchParams.get('X-Amz-Signature');
      const entry = signature ? signed.get(signature) : undefined;
      const call = state.record(request);
      if (fail) return injectedFailure(fail, expiresInSeconds, now());

      if (!signature) return s3Error(403, 'AccessDenied', 'Access Denied');
      if (!entry || entry.pathname !== url.pathname || entry.search !== url.search) return signatureDoesNotMatch();
      if (request.headers.has('authorization')) {
        // The app's auth header leaked to storage: S3 refuses two auth mechanisms at once.
        return s3Error(
          400,
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
          { ArgumentName: 'Authorization' },
        );
      }
      const time = now();
      if (time > entry.expiresAt) return requestExpired(expiresInSeconds, entry.expiresAt, time);
      const contentType = request.headers.get('content-type')?.trim() ?? '';
      if (contentType !== entry.contentType) return signatureDoesNotMatch();
      for (const [name, value] of Object.entries(entry.headers)) {
        if (request.headers.get(name)?.trim() !== value) return signatureDoesNotMatch();
      }
      const unsigned = [...request.headers.keys()].filter(
        (name) => name.startsWith('x-amz-') && !(name in entry.headers) && !UNSIGNED_AMZ_HEADERS.has(name),
      );
      if (unsigned.length) {
        return s3Error(403, 'AccessDenied', 'There were headers present in the request which were not signed', {
          HeadersNotSigned: unsigned.join(', '),
        });
      }
      const body = await readBodyLimited(request, MAX_UPLOAD_BYTES);
      if (!body.ok) {
        return s3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
          ProposedSize: body.size,
          MaxSizeAllowed: MAX_UPLOAD_BYTES,
        });
      }
      call.body = body.bytes;
      if (entry.size !== undefined && body.bytes.byteLength !== entry.size) return signatureDoesNotMatch();
      const { etag } = await save(entry.key, contentType, body.bytes, headersOf(request));
      return new HttpResponse(null, { status: 200, headers: { ...STORAGE_CORS_HEADERS, ETag: etag } });
    }),
  );

  const get = http.get(
    `${publicOrigin}/*`,
    state.withLatency(({ request }) => {
      const url = new URL(request.url);
      const object = objects.get(url.origin + url.pathname);
      const owner = owners.get(url.origin + url.pathname);
      if (!object && owner && owner !== storage) return undefined;
      state.record(request);
      if (!object) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: url.pathname.slice(1) });
      const { upload, etag } = object;
      return new Response(upload.bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: {
          ...STORAGE_CORS_HEADERS,
          'Content-Type': upload.contentType,
          'Content-Length': String(upload.size),
          ETag: etag,
        },
      });
    }),
  );

  Object.assign(storage, {
    presign,
    store: async (...args) => (await save(...args)).upload,
    uploadHandlers: presignedPuts ? [preflight, put] : [],
    publicHandlers: [get],
    reset() {
      for (const key of [...signed.keys(), ...objects.keys()]) owners.delete(key);
      signed.clear();
      objects.clear();
    },
  } satisfies MockStorage);
  return storage;
}
