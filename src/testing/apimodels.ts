// apimodels: POST /api/v1/files with a Bearer key, dispatched by the request's Content-Type: JSON asks for a
// presigned R2 PUT, multipart carries the bytes in field "file". Every answer is `{ code, msg, data? }`
// (providers/apimodels-files.txt).
import { http, HttpResponse } from 'msw';
import { describeForm, extensionFor, extensionOf, isObject, mediaKindOfType, readForm, readJson } from './body';
import { createMockStorage, type MockStorage, type StorageFailure } from './mockStorage';
import { MAX_UPLOAD_BYTES, bearerToken, createMockState, headersOf, toProviderMock, type MockState } from './mockState';
import { randomHex } from './random';
import type { ProviderMock, ProviderMockOptions } from './types';

export const APIMODELS = {
  baseUrl: 'https://apimodels.app',
  storageOrigin: 'https://e7c1f0a2b3d4c5e6f708192a3b4c5d6e.r2.cloudflarestorage.com',
  publicOrigin: 'https://r2.apimodels.app',
  expiresInSeconds: 10 * 60,
  /** The `<userId>` path segment the docs show in every key. */
  userId: 'user_test',
};

// "File too large (max 100MB) / (max 10MB) | Exceeds the per-type size cap": the docs do not say which type gets
// which cap. We read it as images 10 MB, video and audio 100 MB, in both modes.
const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
const capFor = (contentType: string) => (mediaKindOfType(contentType) === 'image' ? IMAGE_MAX_BYTES : MAX_UPLOAD_BYTES);
const capLabel = (cap: number) => `${cap / 1024 / 1024}MB`;

export function apimodelsStorage(
  state: MockState,
  options: ProviderMockOptions & { fail?: StorageFailure },
): MockStorage {
  const publicOrigin = options.publicOrigin ?? APIMODELS.publicOrigin;
  return createMockStorage({
    state,
    storageOrigin: options.storageOrigin ?? APIMODELS.storageOrigin,
    bucketPath: 'apimodels',
    region: 'auto',
    publicOrigin,
    publicUrlFor: (key) => `${publicOrigin}/${key}`,
    expiresInSeconds: options.expiresInSeconds ?? APIMODELS.expiresInSeconds,
    now: options.now ?? Date.now,
    fail: options.fail,
  });
}

/** `uploads/<userId>/<ms><random>.<ext>`, the extension picked from the filename as documented. */
function keyFor(filename: string, contentType: string, now: number): string {
  return `uploads/${APIMODELS.userId}/${now}${randomHex(8)}.${extensionOf(filename) || extensionFor(contentType)}`;
}

export function apimodelsPresign(storage: MockStorage, filename: string, contentType: string, now: number) {
  const target = storage.presign({ key: keyFor(filename, contentType, now), contentType });
  return {
    code: 200,
    msg: 'success',
    data: { uploadUrl: target.url, publicUrl: target.publicUrl, expiresAt: new Date(target.expiresAt).toISOString() },
  };
}

const fail = (status: number, msg: string) => HttpResponse.json({ code: status, msg }, { status });
const ALLOW_LIST_MSG = 'Only image/, video/, or audio/ content types are accepted';

/** Mocks apimodels' `POST {baseUrl}/api/v1/files` (JSON and multipart modes, Bearer) and the presigned R2 PUT. */
export function apimodelsMock(options: ProviderMockOptions = {}): ProviderMock {
  const state = createMockState(options.latencyMs);
  const storage = apimodelsStorage(state, options);
  const apiKey = options.apiKey ?? 'test-api-key';
  const now = options.now ?? Date.now;

  const files = http.post(
    `${options.baseUrl ?? APIMODELS.baseUrl}/api/v1/files`,
    state.withLatency(async ({ request }) => {
      const call = state.record(request);
      if (bearerToken(request) !== apiKey) return fail(401, 'Invalid or missing API key');
      const type = (request.headers.get('content-type') ?? '').toLowerCase();

      if (type.startsWith('application/json')) {
        const json = await readJson(request);
        call.body = json.ok ? json.value : undefined;
        if (!json.ok || !isObject(json.value)) return fail(400, 'Invalid JSON body');
        const { filename, contentType, fileSize } = json.value;
        if (typeof filename !== 'string' || !filename || typeof contentType !== 'string' || !contentType) {
          return fail(400, 'filename and contentType are required');
        }
        if (!mediaKindOfType(contentType)) return fail(400, ALLOW_LIST_MSG);
        const cap = capFor(contentType);
        if (typeof fileSize === 'number' && fileSize > cap) return fail(400, `File too large (max ${capLabel(cap)})`);
        return HttpResponse.json(apimodelsPresign(storage, filename, contentType, now()));
      }

      if (type.startsWith('multipart/form-data')) {
        // Refuse a body declared over the largest cap before buffering it.
        if (Number(request.headers.get('content-length')) > MAX_UPLOAD_BYTES + 64 * 1024) {
          return fail(400, `File too large (max ${capLabel(MAX_UPLOAD_BYTES)})`);
        }
        const form = await readForm(request);
        call.body = form ? describeForm(form) : undefined;
        const file = form?.get('file');
        if (!file || typeof file === 'string') return fail(400, 'No file provided (expected form field "file")');
        if (!mediaKindOfType(file.type)) return fail(400, ALLOW_LIST_MSG);
        const cap = capFor(file.type);
        if (file.size > cap) return fail(400, `File too large (max ${capLabel(cap)})`);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const upload = await storage.store(keyFor(file.name, file.type, now()), file.type, bytes, headersOf(request));
        return HttpResponse.json({ code: 200, msg: 'success', data: { publicUrl: upload.url } });
      }

      return fail(400, 'Expected multipart/form-data or application/json');
    }),
  );

  return toProviderMock(state, [storage], [files]);
}
