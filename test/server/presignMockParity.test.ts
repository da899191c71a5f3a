// presignEndpointMock stands for an app's route running createPresignHandler: every request the real handler refuses,
// the mock refuses with the same status, body and headers, or an app's presign code passes its tests on the mock and
// fails in production (a bare parameter in the type, a long file name, a large body, a GET).
import { S3Client } from '@aws-sdk/client-s3';
import { getResponse } from 'msw';
import { apimodels, createPresignHandler, eachlabs, modelroute, pruna, s3, type RequestHandler, type UploadProvider } from '../../src/server';
import { presignEndpointMock, type PresignEndpointMockOptions } from '../../src/testing';
import { KEY } from './helpers';

type Provider = PresignEndpointMockOptions['provider'];
const neverCalled = async (): Promise<Response> => {
  throw new Error('the provider was called for a request the handler should refuse');
};
const providers: [Provider, () => UploadProvider][] = [
  ['native', () => s3({ client: new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), bucket: 'b', publicBaseUrl: 'https://cdn.example' })],
  ['eachlabs', () => eachlabs({ apiKey: KEY, fetch: neverCalled })],
  ['modelroute', () => modelroute({ apiKey: KEY, fetch: neverCalled })],
  ['apimodels', () => apimodels({ apiKey: KEY, fetch: neverCalled })],
  ['pruna', () => pruna({ apiKey: KEY, fetch: neverCalled })],
];

const URL_ = 'https://app.example/api/presign';
const png = { filename: 'photo.png', contentType: 'image/png', size: 2048, fileType: 'image' };
const json = (body: unknown, headers: Record<string, string> = {}) => () =>
  new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const streamed = (chunks: number, chunk: string) => () =>
  new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < chunks; i++) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);

// Requests the real handler refuses, for every provider or for some (provider limits); a control or two it takes.
const BAD: [string, () => Request][] = [
  ['a GET', () => new Request(URL_)],
  ['a PUT', () => new Request(URL_, { method: 'PUT', body: JSON.stringify(png) })],
  ['a text/plain body', () => new Request(URL_, { method: 'POST', body: JSON.stringify(png) })],
  ['a body declared over 16 KB', json(png, { 'content-length': String(17 * 1024) })],
  ['a body of 20 KB (a long padding field)', json({ ...png, pad: 'x'.repeat(20 * 1024) })],
  ['a streamed body past 16 KB, no Content-Length', streamed(6, ' '.repeat(4096))],
  ['malformed JSON', json('{"filename": "a.png",')],
  ['bytes that are not UTF-8', () => new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([...new TextEncoder().encode('{"filename":"a'), 0xff, ...new TextEncoder().encode('.png","contentType":"image/png","size":1,"fileType":"image"}')]) })],
  ['a JSON array', json([png])],
  ['null', json('null')],
  ['no filename', json({ ...png, filename: undefined })],
  ['an empty filename', json({ ...png, filename: '' })],
  ['a filename of 1,025 characters', json({ ...png, filename: `${'a'.repeat(1021)}.png` })],
  ['no contentType', json({ ...png, contentType: undefined })],
  ['a contentType with a bare parameter (image/png; foo)', json({ ...png, contentType: 'image/png; foo' })],
  ['a contentType that is a pattern (image/*)', json({ ...png, contentType: 'image/*' })],
  ['a contentType with a line break', json({ ...png, contentType: 'image/png\r\nx-evil: 1' })],
  ['a contentType of 256 characters', json({ ...png, contentType: `image/${'a'.repeat(250)}` })],
  ['a negative size', json({ ...png, size: -1 })],
  ['a fractional size', json({ ...png, size: 1.5 })],
  ['a size as a string', json({ ...png, size: '2048' })],
  ['no fileType', json({ ...png, fileType: undefined })],
  ['an unknown fileType', json({ ...png, fileType: 'document' })],
  ['a PDF', json({ ...png, filename: 'a.pdf', contentType: 'application/pdf', fileType: 'other' })],
  ['text/html', json({ ...png, contentType: 'text/html' })],
  ['an SVG', json({ ...png, filename: 'a.svg', contentType: 'image/svg+xml' })],
  ['a video/*+xml type (active content under video/*)', json({ ...png, contentType: 'video/x-demo+xml', fileType: 'video' })],
  ['an empty file', json({ ...png, size: 0 })],
  ['a file 1 byte over 100 MB', json({ ...png, size: 104_857_601 })],
  ['a 20 MB video', json({ ...png, contentType: 'video/mp4', fileType: 'video', size: 20 * 1024 * 1024 })],
  ['an 11 MB image (apimodels: images up to 10 MB)', json({ ...png, size: 11 * 1024 * 1024 })],
  ['an image 20 KB over 10 MB', json({ ...png, size: 10 * 1024 * 1024 + 20_000 })],
  ['an audio file (pruna: images and video only)', json({ ...png, filename: 'a.mp3', contentType: 'audio/mpeg', fileType: 'audio' })],
];

/** What an app's code sees of an answer. */
async function seen(response: Response | undefined) {
  if (!response) return 'no answer: the mock has no handler for this request';
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const header = (name: string) => response.headers.get(name);
  return { status: response.status, body, type: header('content-type'), cache: header('cache-control'), allow: header('allow') };
}

describe.each(providers)('presignEndpointMock({ provider: %s }) beside createPresignHandler', (provider, factory) => {
  const real: RequestHandler = createPresignHandler({ provider: factory() });
  const mock = presignEndpointMock({ provider, path: '/api/presign' });
  afterEach(() => mock.reset());

  it.each(BAD)('%s: the same refusal, or both let it through', async (_name, request) => {
    const expected = await seen(await real(request()));
    const mocked = await seen(await getResponse(mock.handlers, request()));
    // Past the checks the real handler calls the provider (here a fetch that throws: 502 provider-error), the mock answers.
    const passed = typeof expected !== 'string' && (expected.status === 200 || /^provider-/.test((expected.body as any)?.error?.code));
    if (passed) expect(mocked).toMatchObject({ status: 200 });
    else expect(mocked).toEqual(expected);
  });
});
