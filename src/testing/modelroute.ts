// modelroute: POST /v1/files/upload with a Bearer key, then a PUT whose Content-Type matches; the form value
// is `file_id` (providers/modelroute-upload.txt).
import { http, HttpResponse } from 'msw';
import { extensionOf, isObject, mediaKindOfExtension, mediaKindOfType, readJson } from './body';
import { createMockStorage, type MockStorage, type StorageFailure } from './mockStorage';
import { MAX_UPLOAD_BYTES, bearerToken, createMockState, isoSeconds, toProviderMock, type MockState } from './mockState';
import { randomUuid } from './random';
import type { ProviderMock, ProviderMockOptions } from './types';

export const MODELROUTE = {
  baseUrl: 'https://api.modelroute.ai',
  storageOrigin: 'https://storage.modelroute.ai',
  expiresInSeconds: 60 * 60,
};

export function modelrouteStorage(
  state: MockState,
  options: ProviderMockOptions & { fail?: StorageFailure },
): MockStorage {
  const storageOrigin = options.storageOrigin ?? MODELROUTE.storageOrigin;
  // The docs show no public URL (the value is file_id); objects are served back from the storage origin.
  return createMockStorage({
    state,
    storageOrigin,
    publicOrigin: options.publicOrigin ?? storageOrigin,
    expiresInSeconds: options.expiresInSeconds ?? MODELROUTE.expiresInSeconds,
    now: options.now ?? Date.now,
    fail: options.fail,
  });
}

export function modelroutePresign(storage: MockStorage, contentType: string) {
  const fileId = `file_${randomUuid()}`;
  const target = storage.presign({ key: `uploads/${fileId}`, contentType });
  return { file_id: fileId, upload_url: target.url, expires_at: isoSeconds(target.expiresAt) };
}

// The docs name the code but show no body or status: this `{ error: { code, message } }` at 400 is our guess.
const invalid = (message: string) =>
  HttpResponse.json({ error: { code: 'INPUT_VALIDATION_ERROR', message } }, { status: 400 });

/** Why a presign body is refused, or undefined when it is fine. */
function validate(body: Record<string, unknown>): string | undefined {
  const { filename, content_type: contentType, size_bytes: size } = body;
  if (typeof filename !== 'string' || !filename.trim()) return 'filename is required';
  if (typeof contentType !== 'string' || !contentType.trim()) return 'content_type is required';
  const kind = mediaKindOfType(contentType);
  if (!kind) return `content_type "${contentType}" is not a supported image, video or audio MIME type`;
  // "filename (used for content-type validation)": a known media extension must agree with content_type.
  const byName = mediaKindOfExtension(extensionOf(filename));
  if (byName && byName !== kind) return `content_type "${contentType}" does not match the filename "${filename}"`;
  if (size === undefined) return 'size_bytes is required';
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) return 'size_bytes must be a positive integer';
  if (size > MAX_UPLOAD_BYTES) return `size_bytes exceeds the maximum of ${MAX_UPLOAD_BYTES} bytes (100 MB)`;
  return undefined;
}

/** Mocks modelroute's upload API: `POST {baseUrl}/v1/files/upload` (Bearer) and the presigned PUT. */
export function modelrouteMock(options: ProviderMockOptions = {}): ProviderMock {
  const state = createMockState(options.latencyMs);
  const storage = modelrouteStorage(state, options);
  const apiKey = options.apiKey ?? 'test-api-key';

  const upload = http.post(
    `${options.baseUrl ?? MODELROUTE.baseUrl}/v1/files/upload`,
    state.withLatency(async ({ request }) => {
      const call = state.record(request);
      if (bearerToken(request) !== apiKey) {
        // Undocumented body, same guess as above.
        return HttpResponse.json({ error: { code: 'UNAUTHORIZED', message: 'Invalid or missing API key' } }, { status: 401 });
      }
      const json = await readJson(request);
      call.body = json.ok ? json.value : undefined;
      if (!json.ok || !isObject(json.value)) return invalid('Request body must be a JSON object');
      const problem = validate(json.value);
      if (problem) return invalid(problem);
      return HttpResponse.json(modelroutePresign(storage, String(json.value.content_type).trim()));
    }),
  );

  return toProviderMock(state, [storage], [upload]);
}
