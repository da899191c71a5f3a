// An app's own presign route (what the browser calls), answering in one provider's shape, plus the storage
// behind it. Stories and component tests run on it; `fail` injects the documented failures.
import { http, HttpResponse } from 'msw';
import { extensionFor, isObject, mediaKindOfType, readJson } from './body';
import { apimodelsPresign, apimodelsStorage } from './apimodels';
import { eachlabsPresign, eachlabsStorage, FILE_TYPES } from './eachlabs';
import { createMockStorage, injectedFailure, type MockStorage, type StorageFailure } from './mockStorage';
import { MAX_UPLOAD_BYTES, createMockState, routeMatches, toProviderMock, type MockState } from './mockState';
import { modelroutePresign, modelrouteStorage } from './modelroute';
import { acceptPrunaUpload, prunaStorage } from './pruna';
import { randomHex, randomUuid } from './random';
import type { PresignEndpointMockOptions, ProviderMock } from './types';

/** Default storage of the `native` shape: an S3 bucket whose objects are public at the same origin. */
const NATIVE_STORAGE_ORIGIN = 'https://media-uploader-mock.s3.amazonaws.com';
const NATIVE_EXPIRES_IN_SECONDS = 900; // createPresignHandler's s3 default

type Provider = PresignEndpointMockOptions['provider'];
interface PresignBody {
  filename: string;
  contentType: string;
  size: number;
}

function storageFor(provider: Provider, state: MockState, storageOrigin: string | undefined, fail?: StorageFailure) {
  const options = { storageOrigin, fail };
  switch (provider) {
    case 'eachlabs':
      return eachlabsStorage(state, options);
    case 'modelroute':
      return modelrouteStorage(state, options);
    case 'apimodels':
      return apimodelsStorage(state, options);
    case 'pruna':
      return prunaStorage(state, { publicOrigin: storageOrigin });
    case 'native':
      return createMockStorage({
        state,
        storageOrigin: storageOrigin ?? NATIVE_STORAGE_ORIGIN,
        expiresInSeconds: NATIVE_EXPIRES_IN_SECONDS,
        now: Date.now,
        fail,
      });
  }
}

// `createPresignHandler`'s error answers (DESIGN.md "Server API"): `{ error: { code, message } }`.
const appError = (status: number, code: string, message: string) =>
  HttpResponse.json({ error: { code, message } }, { status });

/** createPresignHandler's checks in its order: the body's shape (invalid-request), then type, then size. */
function validate(json: unknown): PresignBody | Response {
  if (!isObject(json)) return appError(400, 'invalid-request', 'Expected a JSON body { filename, contentType, size, fileType }.');
  const { filename, contentType, size, fileType } = json;
  if (typeof filename !== 'string' || !filename || typeof contentType !== 'string' || !contentType) {
    return appError(400, 'invalid-request', 'filename and contentType are required.');
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    return appError(400, 'invalid-request', 'size must be a whole number of bytes, 0 or more.');
  }
  if (typeof fileType !== 'string' || !FILE_TYPES.includes(fileType)) {
    return appError(400, 'invalid-request', 'fileType must be one of image, video, audio or other.');
  }
  if (!mediaKindOfType(contentType)) return appError(400, 'file-invalid-type', `${contentType} files are not accepted.`);
  if (size > MAX_UPLOAD_BYTES) return appError(400, 'file-too-large', 'Files must be 100 MB or smaller.');
  if (size === 0) return appError(400, 'file-too-small', 'The file is empty.');
  return { filename, contentType, size };
}

/** What the route answers for a valid body, in `provider`'s shape. */
function answer(provider: Provider, storage: MockStorage, body: PresignBody, proxyUrl: () => string): Record<string, unknown> {
  switch (provider) {
    case 'eachlabs':
      return eachlabsPresign(storage, body.contentType);
    case 'modelroute':
      return modelroutePresign(storage, body.contentType);
    case 'apimodels':
      return apimodelsPresign(storage, body.filename, body.contentType, Date.now());
    case 'pruna':
      return { uploadUrl: proxyUrl(), method: 'POST', fileField: 'content' };
    case 'native': {
      const key = `uploads/${randomUuid()}.${extensionFor(body.contentType)}`;
      const target = storage.presign({ key, contentType: body.contentType });
      return {
        uploadUrl: target.url,
        method: 'PUT',
        headers: { 'Content-Type': body.contentType },
        publicUrl: target.publicUrl,
        expiresAt: new Date(target.expiresAt).toISOString(),
      };
    }
  }
}

/**
 * pruna's answer as createUploadProxyHandler relays it: a missing "content" file is the proxy's own 400, any other
 * pruna error a 502 with a stable code (a 400 would tell the browser not to retry what the real route lets it retry).
 */
async function asUploadProxy(answer: Response): Promise<Response> {
  if (answer.ok) return answer;
  const { message = `HTTP ${answer.status}` } = (await answer.json().catch(() => ({}))) as { message?: string };
  if (message.startsWith('Missing required form field')) {
    return appError(400, 'invalid-request', 'Send the file in the form field "content", first.');
  }
  if (answer.status === 401 || answer.status === 403) {
    return appError(502, 'provider-unauthorized', `pruna refused the server's API key: ${message}`);
  }
  return appError(502, answer.status === 400 || answer.status === 413 ? 'provider-rejected' : 'provider-error', `pruna rejected the upload: ${message}`);
}

/** `presign-invalid`: the same answer without its upload URL, which no reader can use. */
function withoutUploadUrl(provider: Provider, json: Record<string, unknown>): Record<string, unknown> {
  const { presigned_url: _e, upload_url: _m, uploadUrl: _n, ...rest } = json;
  if (provider !== 'apimodels' || !isObject(rest.data)) return rest;
  const { uploadUrl: _a, ...data } = rest.data;
  return { ...rest, data };
}

/**
 * Mocks an app's presign route (`POST path` with `{ filename, contentType, size, fileType }`) answering in
 * `provider`'s shape, and the storage it points to. For `pruna` the answer is a native multipart POST target at
 * `${path}/proxy`, which answers pruna's file object.
 */
export function presignEndpointMock(options: PresignEndpointMockOptions): ProviderMock {
  const { path = '/api/presign', provider, fail } = options;
  const state = createMockState(options.latencyMs);
  const uploadFail = fail === 'presign-500' || fail === 'presign-invalid' ? undefined : fail;
  const storage = storageFor(provider, state, options.storageOrigin, uploadFail);
  const proxyPath = `${path.replace(/\/$/, '')}/proxy`;
  const proxyTokens = new Set<string>();

  const presign = http.post(
    ({ request }) => routeMatches(path, request),
    state.withLatency(async ({ request }) => {
      const call = state.record(request);
      const json = await readJson(request);
      call.body = json.ok ? json.value : undefined;
      if (fail === 'presign-500') return appError(500, 'provider-error', 'The upload server failed unexpectedly.');
      if (!json.ok) return appError(400, 'invalid-request', 'The request body is not valid JSON.');
      const body = validate(json.value);
      if (body instanceof Response) return body;
      const proxyUrl = () => {
        // Same origin as the presign call, so it is an allowed target on localhost and in the browser alike.
        const token = randomHex(32);
        proxyTokens.add(token);
        return new URL(`${proxyPath}?token=${token}`, request.url).href;
      };
      const result = answer(provider, storage, body, proxyUrl);
      return HttpResponse.json(fail === 'presign-invalid' ? withoutUploadUrl(provider, result) : result, {
        headers: { 'Cache-Control': 'no-store' },
      });
    }),
  );

  const handlers = [presign];
  if (provider === 'pruna') {
    handlers.push(
      http.post(
        ({ request }) => routeMatches(proxyPath, request),
        state.withLatency(async ({ request }) => {
          const call = state.record(request);
          // The proxy relays what storage answered, so the upload failures look the same as for a PUT.
          if (uploadFail) return injectedFailure(uploadFail, NATIVE_EXPIRES_IN_SECONDS, Date.now());
          const token = new URL(request.url).searchParams.get('token');
          if (!token || !proxyTokens.has(token)) return appError(403, 'forbidden', 'Unknown upload target.');
          return asUploadProxy(await acceptPrunaUpload(request, call, storage, Date.now()));
        }),
      ),
    );
  }

  const mock = toProviderMock(state, [storage], handlers);
  const reset = mock.reset;
  mock.reset = () => {
    reset();
    proxyTokens.clear();
  };
  return mock;
}
