// eachlabs: POST /v1/upload/presign with X-API-Key, then a PUT to S3 carrying every `required_headers` entry
// (providers/eachlabs-upload.txt).
import { http, HttpResponse } from 'msw';
import { extensionFor, isObject, readJson } from './body';
import { createMockStorage, type MockStorage, type StorageFailure } from './mockStorage';
import { createMockState, isoSeconds, toProviderMock, type MockState } from './mockState';
import { randomUuid } from './random';
import type { ProviderMock, ProviderMockOptions } from './types';

export const EACHLABS = {
  baseUrl: 'https://api.eachlabs.ai',
  storageOrigin: 'https://eachlabs-storage.s3.amazonaws.com',
  publicOrigin: 'https://cdn-us.eachlabs.ai',
  expiresInSeconds: 15 * 60,
};

/** The presign body's `fileType` / eachlabs' `file_type` values. */
export const FILE_TYPES = ['image', 'video', 'audio', 'other'];

export function eachlabsStorage(
  state: MockState,
  options: ProviderMockOptions & { fail?: StorageFailure },
): MockStorage {
  const publicOrigin = options.publicOrigin ?? EACHLABS.publicOrigin;
  return createMockStorage({
    state,
    storageOrigin: options.storageOrigin ?? EACHLABS.storageOrigin,
    publicOrigin,
    publicUrlFor: (key) => `${publicOrigin}/${key}`,
    expiresInSeconds: options.expiresInSeconds ?? EACHLABS.expiresInSeconds,
    now: options.now ?? Date.now,
    fail: options.fail,
  });
}

/** eachlabs' presign answer for a content type: the PUT is signed for Content-Type and x-amz-meta-file-id. */
export function eachlabsPresign(storage: MockStorage, contentType: string) {
  const id = randomUuid();
  const target = storage.presign({
    key: `uploads/${id}.${extensionFor(contentType)}`,
    contentType,
    headers: { 'x-amz-meta-file-id': id },
  });
  return {
    id,
    presigned_url: target.url,
    public_url: target.publicUrl,
    expires_at: isoSeconds(target.expiresAt),
    required_headers: { 'x-amz-meta-file-id': id },
  };
}

/** Mocks eachlabs' upload API: `POST {baseUrl}/v1/upload/presign` (X-API-Key) and the presigned S3 PUT. */
export function eachlabsMock(options: ProviderMockOptions = {}): ProviderMock {
  const state = createMockState(options.latencyMs);
  const storage = eachlabsStorage(state, options);
  const apiKey = options.apiKey ?? 'test-api-key';

  const presign = http.post(
    `${options.baseUrl ?? EACHLABS.baseUrl}/v1/upload/presign`,
    state.withLatency(async ({ request }) => {
      const call = state.record(request);
      if (request.headers.get('x-api-key') !== apiKey) {
        return HttpResponse.json({ error: 'Invalid or missing API key' }, { status: 401 });
      }
      const json = await readJson(request);
      call.body = json.ok ? json.value : undefined;
      // Not in the docs: the body a malformed JSON or a bad file_type gets is our guess.
      if (!json.ok || !isObject(json.value)) return HttpResponse.json({ error: 'Invalid request body' }, { status: 400 });
      const { content_type: contentType, file_type: fileType } = json.value;
      if (typeof contentType !== 'string' || !contentType.trim()) {
        return HttpResponse.json({ error: 'content_type is required' }, { status: 400 });
      }
      if (fileType !== undefined && !FILE_TYPES.includes(fileType as string)) {
        return HttpResponse.json({ error: `file_type must be one of ${FILE_TYPES.join(', ')}` }, { status: 400 });
      }
      return HttpResponse.json(eachlabsPresign(storage, contentType.trim()));
    }),
  );

  return toProviderMock(state, [storage], [presign]);
}
