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
import { apimodelsMock, eachlabsMock, modelrouteMock, presignEndpointMock, prunaMock } from '../../src/testing';
import { presignRequest, readAnswer } from './helpers';

const apiKey = 'test-api-key';
const mocks = {
  eachlabs: eachlabsMock(),
  modelroute: modelrouteMock(),
  apimodels: apimodelsMock(),
  pruna: prunaMock(),
  // An app's presign route answering pruna's proxy target, which the proxy behind it answers.
  app: presignEndpointMock({ provider: 'pruna', path: '/api/presign' }),
  apimodelsApp: presignEndpointMock({ provider: 'apimodels', path: '/api/presign-apimodels' }),
};
const server = setupServer(...Object.values(mocks).flatMap((mock) => mock.handlers));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => Object.values(mocks).forEach((mock) => mock.reset()));
afterAll(() => server.close());

const png = Uint8Array.from({ length: 3000 }, (_, i) => i % 256);
const pngBody = { filename: 'cat.png', contentType: 'image/png', size: png.byteLength, fileType: 'image' };

// [name, factory, mock, the native key holding the value, what a PDF under accept '*/*' gets: eachlabs documents no
// type check, modelroute's mock refuses it, apimodels' documented allow-list is checked before it is called]
type PdfAnswer = [status: number, code?: string];
const cases: [string, (key: string) => UploadProvider, keyof typeof mocks, 'publicUrl' | 'fileId', PdfAnswer][] = [
  ['eachlabs', (key) => eachlabs({ apiKey: key }), 'eachlabs', 'publicUrl', [200]],
  ['modelroute', (key) => modelroute({ apiKey: key }), 'modelroute', 'fileId', [502, 'provider-rejected']],
  ['apimodels', (key) => apimodels({ apiKey: key }), 'apimodels', 'publicUrl', [400, 'file-invalid-type']],
];

describe.each(cases)('%s through its testing mock', (_name, factory, mockName, valueKey, pdfAnswer) => {
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

  it('presigns a type with parameters (audio/webm;codecs=opus), and the PUT carrying it is stored', async () => {
    const type = 'audio/webm;codecs=opus';
    const body = { filename: 'voice.webm', contentType: type, size: png.byteLength, fileType: 'audio' };
    const { status, body: target } = await readAnswer(await createPresignHandler({ provider: factory(apiKey) })(presignRequest(body)));
    expect(status).toBe(200);
    const put = await fetch(target.uploadUrl, { method: 'PUT', headers: target.headers, body: png });
    expect(put.status).toBe(200);
    expect(mocks[mockName].uploads[0]?.contentType).toBe(type);
  });

  it('maps a wrong key to 502 provider-unauthorized without echoing it', async () => {
    const wrong = 'sk_wrong_key_123456';
    const response = await createPresignHandler({ provider: factory(wrong) })(presignRequest(pngBody));
    const text = await response.text();
    expect(response.status).toBe(502);
    expect(text).not.toContain(wrong);
    expect(JSON.parse(text).error.code).toBe('provider-unauthorized');
  });

  it('maps the provider refusing a type our accept allows to 502 provider-rejected, or refuses it first', async () => {
    const pdf = { filename: 'a.pdf', contentType: 'application/pdf', size: 10, fileType: 'other' };
    const handler = createPresignHandler({ provider: factory(apiKey), accept: '*/*' });
    const { status, body } = await readAnswer(await handler(presignRequest(pdf)));
    expect([status, body.error?.code]).toEqual([pdfAnswer[0], pdfAnswer[1]]);
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

describe("presignEndpointMock's pruna proxy beside createUploadProxyHandler in front of prunaMock", () => {
  const real = createUploadProxyHandler({ provider: pruna({ apiKey }) });
  const formOf = (blob: Blob, name: string) => {
    const form = new FormData();
    form.append('content', blob, name);
    return form;
  };
  /** Status, error code and stored name of each route's answer to the same form. */
  async function both(form: () => FormData, headers: Record<string, string> = {}) {
    const presign = await fetch('https://app.example/api/presign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pngBody),
    });
    const { uploadUrl } = (await presign.json()) as { uploadUrl: string };
    const read = async (response: Response) => {
      const body = (await response.json()) as { error?: { code: string; message: string }; name?: string };
      return { status: response.status, code: body.error?.code, message: body.error?.message, name: body.name };
    };
    const expected = await read(await real(new Request('https://app.example/api/uploads/proxy', { method: 'POST', body: form(), headers })));
    const mocked = await read(await fetch(uploadUrl, { method: 'POST', body: form(), headers }));
    return { expected, mocked };
  }

  it.each([
    ['an empty file', () => formOf(new Blob([], { type: 'image/png' }), 'a.png'), 400, 'file-too-small'],
    ['a part with no type', () => formOf(new Blob([png]), 'a.png'), 400, 'file-invalid-type'],
  ])('answers %s as the real route does', async (_name, form, status, code) => {
    const { expected, mocked } = await both(form);
    expect(expected).toMatchObject({ status, code });
    expect(mocked).toEqual(expected);
  });

  it('answers a body declared over the limit 400 file-too-large, unread, as the real route does (not 502)', async () => {
    const { expected, mocked } = await both(() => formOf(new Blob([png], { type: 'image/png' }), 'a.png'), {
      'content-length': String(200 * 1024 * 1024),
    });
    expect(expected).toMatchObject({ status: 400, code: 'file-too-large' });
    expect(mocked).toEqual(expected);
  });

  it.each([
    ['a part typed image/png; foo (a bare parameter)', () => formOf(new Blob([png], { type: 'image/png; foo' }), 'a.png'), 400, 'invalid-request'],
    ['an SVG part', () => formOf(new Blob(['<svg/>'], { type: 'image/svg+xml' }), 'a.svg'), 400, 'file-invalid-type'],
    ['an audio part (pruna takes images and video)', () => formOf(new Blob([png], { type: 'audio/mpeg' }), 'a.mp3'), 400, 'file-invalid-type'],
    ['the file in another field', () => {
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), 'a.png');
      return form;
    }, 400, 'invalid-request'],
    // An app's own upload code that sends a field first (a purpose, a token): the real route reads the first part only.
    ['another field before the file', () => {
      const form = new FormData();
      form.append('purpose', 'reference');
      form.append('content', new Blob([png], { type: 'image/png' }), 'a.png');
      return form;
    }, 400, 'invalid-request'],
  ])('answers %s with the same status, code and sentence as the real route', async (_name, form, status, code) => {
    const { expected, mocked } = await both(form);
    expect(expected).toMatchObject({ status, code });
    expect(mocked).toEqual(expected);
  });

  it('answers a GET 405 and a body that is not multipart 415, with the same sentence as the real route', async () => {
    const presign = await fetch('https://app.example/api/presign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pngBody),
    });
    const { uploadUrl } = (await presign.json()) as { uploadUrl: string };
    const read = async (response: Response) => ({ status: response.status, body: await response.json(), allow: response.headers.get('allow') });
    for (const init of [{ method: 'GET' }, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }]) {
      const expected = await read(await real(new Request('https://app.example/api/uploads/proxy', init)));
      expect([405, 415]).toContain(expected.status);
      expect(await read(await fetch(uploadUrl, init))).toEqual(expected);
    }
  });

  it('stores the file renamed upload.<ext>, as the real route sends it on', async () => {
    const { expected, mocked } = await both(() => formOf(new Blob([png], { type: 'image/png' }), 'cat photo.PNG'));
    expect(expected).toEqual({ status: 200, code: undefined, message: undefined, name: 'upload.png' });
    expect(mocked).toEqual(expected);
  });
});

describe("presignEndpointMock's presign route beside createPresignHandler: the provider's limits and the default accept", () => {
  it.each([
    ['pruna', () => pruna({ apiKey }), '/api/presign', { ...pngBody, contentType: 'audio/mpeg', fileType: 'audio' }],
    ['an SVG, pruna', () => pruna({ apiKey }), '/api/presign', { ...pngBody, contentType: 'image/svg+xml' }],
    ['an SVG, apimodels', () => apimodels({ apiKey }), '/api/presign-apimodels', { ...pngBody, contentType: 'image/svg+xml' }],
    ['apimodels', () => apimodels({ apiKey }), '/api/presign-apimodels', { ...pngBody, size: 20 * 1024 * 1024 }],
  ])('%s', async (_name, provider, path, body) => {
    const read = async (response: Response) => [response.status, ((await response.json()) as { error?: { code: string } }).error?.code];
    const expected = await read(await createPresignHandler({ provider: provider() })(presignRequest(body)));
    const mocked = await read(
      await fetch(`https://app.example${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
    expect(expected[0]).toBe(400);
    expect(mocked).toEqual(expected);
  });
});

describe("presignEndpointMock's presign route beside createPresignHandler: how the body is sent", () => {
  it('answers a JSON body posted without Content-Type: application/json 415, as the real route does', async () => {
    // fetch(url, { method: 'POST', body: JSON.stringify(req) }) sends text/plain: an app's presign function written
    // so works against the mock and fails in production.
    const send = () => ({ method: 'POST', body: JSON.stringify(pngBody) });
    const read = async (response: Response) => [response.status, ((await response.json()) as { error?: { code: string } }).error?.code];
    const expected = await read(await createPresignHandler({ provider: eachlabs({ apiKey }) })(new Request('https://app.example/api/presign', send())));
    const mocked = await read(await fetch('https://app.example/api/presign-apimodels', send()));
    expect(expected).toEqual([415, 'invalid-request']);
    expect(mocked).toEqual(expected);
  });
});
