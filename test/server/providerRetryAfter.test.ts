// A provider that says "slow down" (pruna documents a rate limit; any of them may answer 429 or 503 with Retry-After):
// the browser waits as long as the presign or proxy answer's Retry-After asks (core/errors.ts withRetryAfter), so the
// provider's wait must reach it, or its three quick retries all meet the same 429.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  apimodels,
  createPresignHandler,
  createUploadProxyHandler,
  eachlabs,
  modelroute,
  pruna,
  type UploadProvider,
} from '../../src/server';
import { KEY, presignRequest, readAnswer } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const presign = (provider: UploadProvider) => createPresignHandler({ provider })(presignRequest());

const HTTP_DATE = 'Wed, 21 Oct 2026 07:28:00 GMT';

describe("a provider's Retry-After reaches the browser on the handler's 502", () => {
  it.each([
    ['eachlabs', 'https://api.eachlabs.ai/v1/upload/presign', () => eachlabs({ apiKey: KEY }), { error: 'Too many requests' }],
    ['modelroute', 'https://api.modelroute.ai/v1/files/upload', () => modelroute({ apiKey: KEY }), { error: { code: 'RATE_LIMITED', message: 'slow down' } }],
    ['apimodels', 'https://apimodels.app/api/v1/files', () => apimodels({ apiKey: KEY }), { code: 429, msg: 'Too many requests' }],
  ])('%s: a 429 with Retry-After: 30 answers 502 provider-error with Retry-After: 30', async (_, url, make, body) => {
    server.use(http.post(url, () => HttpResponse.json(body, { status: 429, headers: { 'retry-after': '30' } })));
    const { status, body: answer, headers } = await readAnswer(await presign(make()));
    expect([status, answer.error.code]).toEqual([502, 'provider-error']);
    expect(headers.get('retry-after')).toBe('30');
  });

  it('a 503 with an HTTP-date Retry-After keeps the date', async () => {
    server.use(
      http.post('https://api.eachlabs.ai/v1/upload/presign', () =>
        new HttpResponse('<html><body>Maintenance</body></html>', { status: 503, headers: { 'retry-after': HTTP_DATE } }),
      ),
    );
    const { status, headers } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect(status).toBe(502);
    expect(headers.get('retry-after')).toBe(HTTP_DATE);
  });

  it('passes on no Retry-After that is not a number of seconds or a date, nor one on a refusal of the file', async () => {
    server.use(
      http.post('https://api.eachlabs.ai/v1/upload/presign', () =>
        HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': 'soon' } }),
      ),
    );
    expect((await presign(eachlabs({ apiKey: KEY }))).headers.get('retry-after')).toBeNull();
    server.use(
      http.post('https://api.eachlabs.ai/v1/upload/presign', () =>
        HttpResponse.json({ error: 'content_type is required' }, { status: 400, headers: { 'retry-after': '30' } }),
      ),
    );
    const refused = await presign(eachlabs({ apiKey: KEY }));
    expect(refused.headers.get('retry-after')).toBeNull();
  });

  it("pruna's documented rate limit: the upload proxy's 502 carries its Retry-After", async () => {
    server.use(
      http.post('https://api.pruna.ai/v1/files', () =>
        HttpResponse.json({ message: 'API rate limit exceeded' }, { status: 429, headers: { 'retry-after': '12' } }),
      ),
    );
    const form = new FormData();
    form.append('content', new Blob([new Uint8Array(64).fill(7)], { type: 'image/png' }), 'cat.png');
    const handler = createUploadProxyHandler({ provider: pruna({ apiKey: KEY }), authorize: () => true });
    const response = await handler(new Request('https://app.example/api/uploads/proxy', { method: 'POST', body: form }));
    const { status, body, headers } = await readAnswer(response);
    expect([status, body.error.code]).toEqual([502, 'provider-error']);
    expect(body.error.message).toContain('API rate limit exceeded');
    expect(headers.get('retry-after')).toBe('12');
  });
});
