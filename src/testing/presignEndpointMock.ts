// An app's own presign route (what the browser calls), answering in one provider's shape, plus the storage
// behind it. Stories and component tests run on it; `fail` injects the documented failures.
// Its checks are createPresignHandler's own (server/readPresignRequest.ts, key-free, no Node): a request the real
// route refuses is refused here with the same status, body and headers.
import { http } from 'msw';
import { errorResponse, HttpError, jsonResponse, type ServerErrorCode } from '../server/errors';
import { MAX_HEAD } from '../server/multipart';
import { PROVIDER_LIMITS } from '../server/providerLimits';
import { checkPresignBody, readPresignJson } from '../server/readPresignRequest';
import { compileRules, isValidContentType, type CompiledRules } from '../server/uploadRules';
import { safeExtension } from '../server/safeExtension';
import { describeForm, isObject, readForm } from './body';
import { apimodelsPresign, apimodelsStorage } from './apimodels';
import { eachlabsPresign, eachlabsStorage } from './eachlabs';
import { createMockStorage, injectedFailure, type MockStorage, type StorageFailure } from './mockStorage';
import { createMockState, headersOf, routeMatches, toProviderMock, type MockState } from './mockState';
import { modelroutePresign, modelrouteStorage } from './modelroute';
import { prunaStorage, storePrunaFile } from './pruna';
import { randomHex, randomUuid } from './random';
import type { PresignRequest } from '../core/types';
import type { MockCall, PresignEndpointMockOptions, ProviderMock } from './types';

/** Default storage of the `native` shape: an S3 bucket whose objects are public at the same origin. */
const NATIVE_STORAGE_ORIGIN = 'https://media-uploader-mock.s3.amazonaws.com';
const NATIVE_EXPIRES_IN_SECONDS = 900; // createPresignHandler's s3 default

type Provider = PresignEndpointMockOptions['provider'];

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

/** createPresignHandler's (and createUploadProxyHandler's) error answer: `{ error: { code, message } }`, no-store. */
const appError = (status: number, code: ServerErrorCode, message: string) => failed(new HttpError(status, code, message));

/** The real handlers' answer to a refusal (an HttpError, anything else a 500), as msw can send it. */
const failed = (error: unknown) => sized(errorResponse(error));

/**
 * The real handlers' JSON answer with a Content-Length: without one, msw/node's interceptor cannot answer a request
 * whose body it has not read (undici then fails the fetch with "terminated" instead of showing the 400).
 */
async function sized(response: Response): Promise<Response> {
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  headers.set('content-length', String(body.byteLength));
  return new Response(body, { status: response.status, headers });
}

/** The rules the real handlers compile with the app's defaults and the provider's documented limits (native: s3, none). */
const rulesFor = (provider: Provider): CompiledRules => compileRules({}, provider === 'native' ? undefined : PROVIDER_LIMITS[provider]);

/** What the route answers for a checked request (its filename the neutral `upload.<ext>`), in `provider`'s shape. */
function answer(provider: Provider, storage: MockStorage, body: PresignRequest, proxyUrl: () => string): Record<string, unknown> {
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
      const key = `uploads/${fileId}${safeExtension(body.contentType, body.filename)}`; // s3({ keyPrefix: 'uploads/' })
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

/**
 * createUploadProxyHandler in front of pruna: its checks in its order (an empty file, an untyped part, a file over
 * the limit answer 400 as it does), the file sent on as `upload.<ext>`; then pruna's own refusals relayed as 502
 * with a stable code (a 400 would tell the browser not to retry what the real route lets it retry).
 */
async function answerUploadProxy(request: Request, call: MockCall, storage: MockStorage, rules: CompiledRules): Promise<Response> {
  if (!/^multipart\/form-data\s*;.*\bboundary=/i.test(request.headers.get('content-type') ?? '')) {
    return appError(415, 'invalid-request', 'Send the file as multipart/form-data.');
  }
  // A declared length past maxSize plus the part headers' 16 KB is refused unread.
  if (Number(request.headers.get('content-length')) > rules.maxSize + MAX_HEAD) return failed(rules.tooLarge());
  const form = await readForm(request);
  call.body = form ? describeForm(form) : undefined;
  // The real route reads the first part only: a field before the file (a purpose, a token) is refused there too.
  const [name, file] = form?.entries().next().value ?? [];
  if (name !== 'content' || !file || typeof file === 'string') return appError(400, 'invalid-request', 'Send the file in the form field "content", first.');
  // A part without a Content-Type header is application/octet-stream to the real handler too.
  const contentType = file.type || 'application/octet-stream';
  if (!isValidContentType(contentType)) return appError(400, 'invalid-request', 'The file part needs a Content-Type such as image/png.');
  try {
    rules.checkType(contentType).checkSize(file.size);
  } catch (error) {
    return failed(error);
  }
  // Not `new File([file])`: jsdom's File does not read another realm's Blob (it stores "[object File]").
  const renamed = { name: `upload${safeExtension(contentType, file.name)}`, type: contentType, size: file.size, arrayBuffer: () => file.arrayBuffer() };
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

  const rules = rulesFor(provider);

  // Every method: the real route answers anything but POST 405, it does not leave it to the framework's 404.
  const presign = http.all(
    ({ request }) => routeMatches(path, request),
    state.withLatency(async ({ request }) => {
      const call = state.record(request);
      let body: PresignRequest;
      try {
        const json = await readPresignJson(request);
        call.body = json;
        // What the real handler answers when something throws past its checks (its message never shown).
        if (fail === 'presign-500') throw new Error('presign-500');
        body = checkPresignBody(json, rules);
      } catch (error) {
        return failed(error);
      }
      const proxyUrl = () => {
        // Same origin as the presign call, so it is an allowed target on localhost and in the browser alike.
        const token = randomHex(32);
        proxyTokens.add(token);
        return new URL(`${proxyPath}?token=${token}`, request.url).href;
      };
      const result = answer(provider, storage, body, proxyUrl);
      return sized(jsonResponse(fail === 'presign-invalid' ? withoutUploadUrl(provider, result) : result));
    }),
  );

  const handlers = [presign];
  if (provider === 'pruna') {
    handlers.push(
      http.all(
        ({ request }) => routeMatches(proxyPath, request),
        state.withLatency(async ({ request }) => {
          const call = state.record(request);
          if (request.method !== 'POST') {
            return failed(new HttpError(405, 'method-not-allowed', 'Use POST to upload a file.', { allow: 'POST' }));
          }
          // The proxy relays what storage answered, so the upload failures look the same as for a PUT.
          if (uploadFail) return injectedFailure(uploadFail, NATIVE_EXPIRES_IN_SECONDS, Date.now());
          const token = new URL(request.url).searchParams.get('token');
          if (!token || !proxyTokens.has(token)) return appError(403, 'forbidden', 'Unknown upload target.');
          return answerUploadProxy(request, call, storage, rules);
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
