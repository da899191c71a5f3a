// What every presigned-PUT storage does, whichever provider issued the URL: S3's checks, CORS and limits.
import { apimodelsMock, eachlabsMock, modelrouteMock, presignEndpointMock } from '../../src/testing';
import { pngBytes, postJson, put, s3ErrorOf, startServer } from './support';

const eachlabs = eachlabsMock();
const modelroute = modelrouteMock();
const apimodels = apimodelsMock();
const server = startServer(...eachlabs.handlers, ...modelroute.handlers, ...apimodels.handlers);
afterEach(() => [eachlabs, modelroute, apimodels].forEach((mock) => mock.reset()));

const MAX = 104_857_600;

/** A presigned target from each provider: where to PUT, with which headers. */
const targets = {
  async eachlabs(contentType = 'image/png') {
    const json = await (
      await postJson('https://api.eachlabs.ai/v1/upload/presign', { content_type: contentType }, { 'X-API-Key': 'test-api-key' })
    ).json();
    return { url: json.presigned_url as string, headers: { 'Content-Type': contentType, ...json.required_headers } };
  },
  async modelroute(contentType = 'image/png') {
    const body = { filename: `a.${contentType.split('/')[1]}`, content_type: contentType, size_bytes: 10 };
    const json = await (await postJson('https://api.modelroute.ai/v1/files/upload', body, { Authorization: 'Bearer test-api-key' })).json();
    return { url: json.upload_url as string, headers: { 'Content-Type': contentType } };
  },
  async apimodels(contentType = 'image/png') {
    const body = { filename: 'a.png', contentType };
    const json = await (await postJson('https://apimodels.app/api/v1/files', body, { Authorization: 'Bearer test-api-key' })).json();
    return { url: json.data.uploadUrl as string, headers: { 'Content-Type': contentType } };
  },
};
const providers = Object.keys(targets) as (keyof typeof targets)[];

describe('mock storage', () => {
  describe.each(providers)('behind %s', (provider) => {
    it('answers a CORS preflight for Content-Type and x-amz-meta-* with the allow headers', async () => {
      const { url } = await targets[provider]();
      const response = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:6006',
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type,x-amz-meta-file-id',
        },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type, x-amz-meta-file-id');
      expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    });

    it('refuses a preflight for an Authorization header, so the app\'s auth never reaches storage', async () => {
      const { url } = await targets[provider]();
      const response = await fetch(url, {
        method: 'OPTIONS',
        headers: { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses a declared body over 100 MB with 400 EntityTooLarge, without reading it', async () => {
      const { url, headers } = await targets[provider]();
      const response = await put(url, tooLarge(), headers);
      expect(response.status).toBe(400);
      expect(await s3ErrorOf(response)).toMatchObject({ code: 'EntityTooLarge' });
    });

    it('refuses a URL it never signed, an unsigned URL and a tampered one', async () => {
      const { url, headers } = await targets[provider]();
      const forged = new URL(url);
      forged.searchParams.set('X-Amz-Signature', 'f'.repeat(64));
      const unknown = await put(forged.href, pngBytes(), headers);
      expect(unknown.status).toBe(403);
      expect(await s3ErrorOf(unknown)).toMatchObject({ code: 'SignatureDoesNotMatch' });

      const unsigned = await put(url.split('?')[0] ?? '', pngBytes(), headers);
      expect(unsigned.status).toBe(403);
      expect(await s3ErrorOf(unsigned)).toMatchObject({ code: 'AccessDenied' });

      const longer = new URL(url);
      longer.searchParams.set('X-Amz-Expires', '604800');
      expect((await put(longer.href, pngBytes(), headers)).status).toBe(403);
      const otherKey = new URL(url);
      otherKey.pathname += 'x';
      expect((await put(otherKey.href, pngBytes(), headers)).status).toBe(403);
    });
  });

  // One 100 MB allocation for the whole file, shared by the tests above.
  let big: Blob | undefined;
  function tooLarge() {
    const chunk = new Uint8Array(1024 * 1024);
    big ??= new Blob([...Array.from({ length: 100 }, () => chunk), new Uint8Array(1)]);
    expect(big.size).toBe(MAX + 1);
    return big;
  }

  it('refuses a streamed body (no Content-Length) once it passes 100 MB', async () => {
    const { url, headers } = await targets.eachlabs();
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.byteLength;
      },
    });
    const response = await fetch(url, { method: 'PUT', headers, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(400);
    expect(await s3ErrorOf(response)).toMatchObject({ code: 'EntityTooLarge' });
    expect(eachlabs.uploads).toHaveLength(0);
  });

  it('refuses a PUT carrying Authorization (S3 allows one auth mechanism)', async () => {
    const { url, headers } = await targets.eachlabs();
    const response = await put(url, pngBytes(), { ...headers, Authorization: 'Bearer app-session' });
    expect(response.status).toBe(400);
    expect(await s3ErrorOf(response)).toMatchObject({ code: 'InvalidArgument' });
  });

  it('refuses x-amz-* headers that were not signed', async () => {
    const { url, headers } = await targets.eachlabs();
    const response = await put(url, pngBytes(), { ...headers, 'x-amz-meta-extra': '1' });
    expect(response.status).toBe(403);
    expect(await s3ErrorOf(response)).toEqual({
      code: 'AccessDenied',
      message: 'There were headers present in the request which were not signed',
    });
  });

  it('accepts the same URL again until it expires (S3 overwrites)', async () => {
    const { url, headers } = await targets.modelroute();
    expect((await put(url, pngBytes(), headers)).status).toBe(200);
    expect((await put(url, pngBytes(), headers)).status).toBe(200);
  });

  it('forgets issued URLs and objects on reset()', async () => {
    const { url, headers } = await targets.apimodels();
    apimodels.reset();
    expect(apimodels.calls).toEqual([]);
    const response = await put(url, pngBytes(), headers);
    expect(response.status).toBe(403);
    expect(apimodels.uploads).toEqual([]);
  });

  it('logs storage calls with their headers and the stored bytes', async () => {
    const { url, headers } = await targets.modelroute('video/mp4');
    const bytes = pngBytes(33);
    await put(url, bytes, headers);
    expect(modelroute.calls.map((call) => call.method)).toEqual(['POST', 'PUT']);
    expect(modelroute.calls[1]).toMatchObject({ url, headers: { 'content-type': 'video/mp4' }, body: bytes });
  });

  it('routes each URL to the mock that issued it when two mocks share a storage origin', async () => {
    const app = presignEndpointMock({ provider: 'eachlabs' });
    server.use(...app.handlers); // its storage handlers now come first
    const direct = await targets.eachlabs();
    const viaApp = await (await postJson('http://localhost/api/presign', { filename: 'a.png', contentType: 'image/png', size: 5, fileType: 'image' })).json();
    expect((await put(direct.url, pngBytes(5), direct.headers)).status).toBe(200);
    const appHeaders = { 'Content-Type': 'image/png', ...viaApp.required_headers };
    expect((await put(viaApp.presigned_url, pngBytes(5), appHeaders)).status).toBe(200);
    expect(eachlabs.uploads).toHaveLength(1);
    expect(app.uploads).toHaveLength(1);
    expect((await fetch(eachlabs.uploads[0]?.url ?? '')).status).toBe(200);
    expect((await fetch(app.uploads[0]?.url ?? '')).status).toBe(200);
  });

  it('waits latencyMs before answering: a mock without latency, asked later, answers first', async () => {
    // Order, not a stopwatch: the slow mock's timer holds its answer back behind one that has none.
    const slow = eachlabsMock({ baseUrl: 'https://slow.eachlabs.test', latencyMs: 150 });
    const quick = eachlabsMock({ baseUrl: 'https://quick.eachlabs.test' });
    server.use(...slow.handlers, ...quick.handlers);
    const order: string[] = [];
    const ask = (origin: string) =>
      postJson(`${origin}/v1/upload/presign`, { content_type: 'image/png' }, { 'X-API-Key': 'test-api-key' }).then((response) =>
        order.push(`${new URL(origin).hostname.split('.')[0]} ${response.status}`),
      );
    await Promise.all([ask('https://slow.eachlabs.test'), ask('https://quick.eachlabs.test')]);
    expect(order).toEqual(['quick 200', 'slow 200']);
  });

});
