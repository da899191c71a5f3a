// An app's own presign route (what the browser calls), answering in one provider's shape, plus the storage
// behind it. Stories and component tests run on it; `fail` injects the documented failures.
import { http, HttpResponse } from 'msw';
import { describeForm, extensionFor, isObject, mediaKindOfType, readForm, readJson } from './body';
import { apimodelsPresign, apimodelsStorage } from './apimodels';
import { eachlabsPresign, eachlabsStorage, FILE_TYPES } from './eachlabs';
import { createMockStorage, injectedFailure, type MockStorage, type StorageFailure } from './mockStorage';
import { MAX_UPLOAD_BYTES, createMockState, headersOf, routeMatches, toProviderMock, type MockState } from './mockState';
import { modelroutePresign, modelrouteStorage } from './modelroute';
import { prunaStorage, storePrunaFile } from './pruna';
import { randomHex, randomUuid } from './random';
import type { MockCall, PresignEndpointMockOptions, ProviderMock } from './types';

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
function validate(json: unknown, provider: Provider): PresignBody | Response {
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
  return checkFile(provider, contentType, size) ?? { filename, contentType, size };
}

// The providers' documented limits the real handlers check (each provider's `limits`): pruna takes images and video
// only, apimodels images up to 10 MB.
const KINDS: Partial<Record<Provider, readonly string[]>> = { pruna: ['image', 'video'] };
const IMAGE_MAX_BYTES: Partial<Record<Provider, number>> = { apimodels: 10 * 1024 * 1024 };

/**
 * The handlers' type and size rules with the app's defaults (uploadRules.ts) and the provider's limits, mirrored
 * because this entry imports only msw; test/server/testingMocks.test.ts runs the real handlers beside this mock.
 */
function checkFile(provider: Provider, contentType: string, size: number): Response | undefined {
  const kind = mediaKindOfType(contentType);
  // The default accept never takes an SVG (any image/*+xml): it can carry script.
  if (!kind || !(KINDS[provider] ?? [kind]).includes(kind) || /^image\/[^;]*\+xml\s*(;|$)/i.test(contentType)) {
    return appError(400, 'file-invalid-type', `${contentType} files are not accepted.`);
  }
  const maxSize = (kind === 'image' ? IMAGE_MAX_BYTES[provider] : undefined) ?? MAX_UPLOAD_BYTES;
  if (size > maxSize) return appError(400, 'file-too-large', `Files must be ${maxSize / 1024 / 1024} MB or smaller.`);
  if (size === 0) return appError(400, 'file-too-small', 'The file is empty.');
  return undefined;
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
      // What createPresignHandler answers with s3(): Content-Type, the file id and the size signed, so a PUT that
      // leaves a header out or carries another size fails the signature here as it does on S3.
      const fileId = randomUuid();
      const meta = { 'x-amz-meta-file-id': fileId };
      const key = `uploads/${fileId}.${extensionFor(body.contentType)}`;
      const target = storage.presign({ key, contentType: body.contentType, headers: meta, size: body.size });
      return {
        uploadUrl: target.url,
        method: 'PUT',
        headers: { 'Content-Type': body.contentType, ...meta },
        publicUrl: target.publicUrl,
        fileId,
        expiresAt: new Date(target.expiresAt).toISOString(),
      };
    }
  }
}

// createUploadProxyHandler refuses a declared length past maxSize plus its 16 KB for the part's headers, unread.
const MAX_FORM_OVERHEAD = 16 * 1024;

/**
 * createUploadProxyHandler in front of pruna: its checks in its order (an empty file, an untyped part, a file over
 * the limit answer 400 as it does), the file sent on as `upload.<ext>`; then pruna's own refusals relayed as 502
 * with a stable code (a 400 would tell the browser not to retry what the real route lets it retry).
 */
async function answerUploadProxy(request: Request, call: MockCall, storage: MockStorage): Promise<Response> {
  if (Number(request.headers.get('content-length')) > MAX_UPLOAD_BYTES + MAX_FORM_OVERHEAD) {
    return appError(400, 'file-too-large', 'Files must be 100 MB or smaller.');
  }
  const form = await readForm(request);
  call.body = form ? describeForm(form) : undefined;
  const file = form?.get('content');
  if (!file || typeof file === 'string') return appError(400, 'invalid-request', 'Send the file in the form field "content", first.');
  // A part without a Content-Type header is application/octet-stream to the real handler too.
  const contentType = file.type || 'application/octet-stream';
  const refused = checkFile('pruna', contentType, file.size);
  if (refused) return refused;
  // Not `new File([file])`: jsdom's File does not read another realm's Blob (it stores "[object File]").
  const renamed = { name: `upload.${extensionFor(contentType)}`, type: contentType, size: file.size, arrayBuffer: () => file.arrayBuffer() };
  const answer = await storePrunaFile(renamed, headersOf(request), storage, Date.now());
  if (answer.ok) return answer;
  const { message = `HTTP ${answer.status}` } = (await answer.json().catch(() => ({}))) as { message?: string };
  const code = answer.status === 400 || answer.status === 413 ? 'provider-rejected' : 'provider-error';
  return appError(502, code, `pruna rejected the upload: ${message}`);
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
      // createPresignHandler takes JSON only (a cross-site form can post text/plain without a preflight, not JSON):
      // fetch with a string body and no header sends text/plain, which works here only if refused here too.
      if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
        return appError(415, 'invalid-request', 'Send the presign request as JSON (Content-Type: application/json).');
      }
      if (fail === 'presign-500') return appError(500, 'internal-error', 'The upload server failed unexpectedly.'); // as the real handler pairs them
      if (!json.ok) return appError(400, 'invalid-request', 'The request body is not valid JSON.');
      const body = validate(json.value, provider);
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
          return answerUploadProxy(request, call, storage);
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
