// pruna: POST /v1/files, multipart field "content", key in an `apikey` header; answers a file object whose
// `urls.get` is the file's URL (providers/pruna-files.txt). The docs name the fields by description only;
// the names below are those of the Replicate-style file object they describe.
import { http, HttpResponse } from 'msw';
import { describeForm, extensionOf, mediaKindOfExtension, mediaKindOfType, readForm } from './body';
import { createMockStorage, type MockStorage } from './mockStorage';
import { MAX_UPLOAD_BYTES, createMockState, headersOf, toProviderMock, type MockState } from './mockState';
import { digestHex, randomBase36 } from './random';
import type { MockCall, ProviderMock, ProviderMockOptions } from './types';

export const PRUNA = {
  baseUrl: 'https://api.pruna.ai',
  /** "Uploaded files are available for 30 minutes after upload." */
  lifetimeSeconds: 30 * 60,
};

export function prunaStorage(state: MockState, options: ProviderMockOptions): MockStorage {
  const publicOrigin = options.publicOrigin ?? options.baseUrl ?? PRUNA.baseUrl;
  // No presigned PUT at pruna: the storage only serves `urls.get`.
  return createMockStorage({
    state,
    storageOrigin: publicOrigin,
    publicOrigin,
    publicUrlFor: (id) => `${publicOrigin}/v1/files/${id}`,
    expiresInSeconds: options.expiresInSeconds ?? PRUNA.lifetimeSeconds,
    now: options.now ?? Date.now,
    presignedPuts: false,
  });
}

// pruna documents no error bodies. Its `apikey` header is Kong's key-auth default, so the 401 and 413 bodies
// are Kong's; the 400s are our guess in the same `{ message }` form.
const fail = (status: number, message: string) => HttpResponse.json({ message }, { status });

/** Reads the multipart body, stores the "content" file and answers pruna's file object. */
export async function acceptPrunaUpload(
  request: Request,
  call: MockCall,
  storage: MockStorage,
  now: number,
): Promise<Response> {
  if (Number(request.headers.get('content-length')) > MAX_UPLOAD_BYTES + 64 * 1024) {
    return fail(413, 'Request size limit exceeded');
  }
  const form = await readForm(request);
  call.body = form ? describeForm(form) : undefined;
  return storePrunaFile(form?.get('content'), headersOf(request), storage, now);
}

/** What pruna reads of the "content" part: a File, or what the app proxy mock sends on in its place. */
export type PrunaPart = Pick<File, 'name' | 'type' | 'size' | 'arrayBuffer'>;

/** pruna's checks on the "content" file, then stores it and answers its file object (also the app proxy mock's end). */
export async function storePrunaFile(
  file: PrunaPart | string | null | undefined,
  headers: Record<string, string>,
  storage: MockStorage,
  now: number,
): Promise<Response> {
  if (!file || typeof file === 'string') return fail(400, 'Missing required form field "content"');
  // "Upload a file (image or video)": the part's type, else the extension, must say image or video.
  const contentType = file.type || 'application/octet-stream';
  const kind = mediaKindOfType(contentType) ?? mediaKindOfExtension(extensionOf(file.name));
  if (kind !== 'image' && kind !== 'video') return fail(400, `Unsupported file type "${contentType}": upload an image or video`);
  if (file.size > MAX_UPLOAD_BYTES) return fail(413, 'Request size limit exceeded');

  const id = randomBase36(10);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const upload = await storage.store(id, contentType, bytes, headers);
  const sha256 = await digestHex(bytes);
  return HttpResponse.json({
    id,
    name: file.name,
    content_type: contentType,
    size: bytes.byteLength,
    etag: `"${sha256.slice(0, 32)}"`,
    checksums: { sha256 },
    metadata: {},
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + PRUNA.lifetimeSeconds * 1000).toISOString(),
    urls: { get: upload.url },
  });
}

/** Mocks pruna's `POST {baseUrl}/v1/files` (multipart "content", `apikey` header) and GET of `urls.get`. */
export function prunaMock(options: ProviderMockOptions = {}): ProviderMock {
  const state = createMockState(options.latencyMs);
  const storage = prunaStorage(state, options);
  const apiKey = options.apiKey ?? 'test-api-key';
  const now = options.now ?? Date.now;

  const files = http.post(
    `${options.baseUrl ?? PRUNA.baseUrl}/v1/files`,
    state.withLatency(async ({ request }) => {
      const call = state.record(request);
      const key = request.headers.get('apikey');
      if (!key) return fail(401, 'No API key found in request');
      if (key !== apiKey) return fail(401, 'Invalid authentication credentials');
      return acceptPrunaUpload(request, call, storage, now());
    }),
  );

  return toProviderMock(state, [storage], [files]);
}
