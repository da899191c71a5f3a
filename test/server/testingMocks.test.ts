// The server entry against media-uploader/testing's provider mocks: the two halves agree on every documented shape.
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
import { apimodelsMock, eachlabsMock, modelrouteMock, prunaMock } from '../../src/testing';
import { presignRequest, readAnswer } from './helpers';

const apiKey = 'test-api-key';
const mocks = { eachlabs: eachlabsMock(), modelroute: modelrouteMock(), apimodels: apimodelsMock(), pruna: prunaMock() };
const server = setupServer(...Object.values(mocks).flatMap((mock) => mock.handlers));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => Object.values(mocks).forEach((mock) => mock.reset()));
afterAll(() => server.close());

const png = Uint8Array.from({ length: 3000 }, (_, i) => i % 256);
const pngBody = { filename: 'cat.png', contentType: 'image/png', size: png.byteLength, fileType: 'image' };

// [name, factory, mock, the native key holding the value, the status a PDF gets (eachlabs documents no type check)]
const cases: [string, (key: string) => UploadProvider, keyof typeof mocks, 'publicUrl' | 'fileId', number][] = [
  ['eachlabs', (key) => eachlabs({ apiKey: key }), 'eachlabs', 'publicUrl', 200],
  ['modelroute', (key) => modelroute({ apiKey: key }), 'modelroute', 'fileId', 502],
  ['apimodels', (key) => apimodels({ apiKey: key }), 'apimodels', 'publicUrl', 502],
];

describe.each(cases)('%s through its testing mock', (_name, factory, mockName, valueKey, pdfStatus) => {
  it('presigns, and a PUT with exactly the returned headers is stored', async () => {
    const { status, body } = await readAnswer(await createPresignHandler({ provider: factory(apiKey) })(presignRequest(pngBody)));
    expect(status).toBe(200);
    expect(typeof body[valueKey]).toBe('string');
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    const put = await fetch(body.uploadUrl, { method: 'PUT', headers: body.headers, body: png });
    expect(put.status).toBe(200);
    const [upload] = mocks[mockName].uploads;
    expect(upload?.contentType).toBe('image/png');
    expect(upload?.bytes).toEqual(png);
  });

  it('maps a wrong key to 502 provider-unauthorized without echoing it', async () => {
    const wrong = 'sk_wrong_key_123456';
    const response = await createPresignHandler({ provider: factory(wrong) })(presignRequest(pngBody));
    const text = await response.text();
    expect(response.status).toBe(502);
    expect(text).not.toContain(wrong);
    expect(JSON.parse(text).error.code).toBe('provider-unauthorized');
  });

  it('maps the provider refusing a type our accept allows to 502 provider-rejected', async () => {
    const pdf = { filename: 'a.pdf', contentType: 'application/pdf', size: 10, fileType: 'other' };
    const handler = createPresignHandler({ provider: factory(apiKey), accept: '*/*' });
    const { status, body } = await readAnswer(await handler(presignRequest(pdf)));
    expect(status).toBe(pdfStatus);
    expect(body.error?.code).toBe(pdfStatus === 200 ? undefined : 'provider-rejected');
  });
});

describe('pruna through its testing mock', () => {
  it('proxies a multipart upload and answers the file object with urls.get', async () => {
    const form = new FormData();
    form.append('content', new Blob([png], { type: 'image/png' }), 'cat.png');
    const request = new Request('https://app.example/api/uploads/proxy', { method: 'POST', body: form });
    const proxy = createUploadProxyHandler({ provider: pruna({ apiKey }) });
    const { status, body } = await readAnswer(await proxy(request));
    expect(status).toBe(200);
    expect(body.urls.get).toBe(mocks.pruna.uploads[0]?.url);
    expect(mocks.pruna.uploads[0]?.bytes).toEqual(png);
    expect(mocks.pruna.calls[0]?.headers.apikey).toBe(apiKey);
  });

  it('maps a wrong key to 502 provider-unauthorized', async () => {
    const form = new FormData();
    form.append('content', new Blob([png], { type: 'image/png' }), 'cat.png');
    const proxy = createUploadProxyHandler({ provider: pruna({ apiKey: 'nope-nope-nope' }) });
    const response = await proxy(new Request('https://app.example/p', { method: 'POST', body: form }));
    const { status, body } = await readAnswer(response);
    expect([status, body.error.code]).toEqual([502, 'provider-unauthorized']);
    expect(body.error.message).toContain('Invalid authentication credentials');
  });
});
