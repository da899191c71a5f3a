import { createPresignHandler, createUploadProxyHandler, pruna as prunaProvider } from '../../src/server';
import { presignEndpointMock, prunaMock } from '../../src/testing';
import type { PresignEndpointFailure, PresignEndpointMockOptions } from '../../src/testing';
import { bytesOf, formWith, pngBytes, postJson, s3ErrorOf, startServer } from './support';

type Provider = PresignEndpointMockOptions['provider'];
const PROVIDERS: Provider[] = ['native', 'eachlabs', 'modelroute', 'apimodels', 'pruna'];
const APP = 'http://localhost:6006';
const FILE = { filename: 'photo.png', contentType: 'image/png', size: 64, fileType: 'image' };

const server = startServer();

function use(options: PresignEndpointMockOptions) {
  const mock = presignEndpointMock(options);
  server.use(...mock.handlers);
  return mock;
}

interface Target {
  url: string | undefined;
  method: 'PUT' | 'POST';
  headers: Record<string, string>;
  fileField?: string;
  /** The form value when the presign answer tells it. */
  value?: string;
}

/** Reads each documented shape the way DESIGN.md's table does. */
function targetOf(provider: Provider, json: any): Target {
  const contentType = FILE.contentType;
  switch (provider) {
    case 'native':
      return { url: json.uploadUrl, method: json.method ?? 'PUT', headers: json.headers ?? {}, value: json.publicUrl };
    case 'eachlabs':
      return { url: json.presigned_url, method: 'PUT', headers: { 'Content-Type': contentType, ...json.required_headers }, value: json.public_url };
    case 'modelroute':
      return { url: json.upload_url, method: 'PUT', headers: { 'Content-Type': contentType }, value: json.file_id };
    case 'apimodels':
      return { url: json.data?.uploadUrl, method: 'PUT', headers: { 'Content-Type': contentType }, value: json.data?.publicUrl };
    case 'pruna':
      return { url: json.uploadUrl, method: json.method, headers: {}, fileField: json.fileField };
  }
}

async function presign(provider: Provider, path = `${APP}/api/presign`) {
  const response = await postJson(path, FILE);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return targetOf(provider, await response.json());
}

function send(target: Target, bytes: Uint8Array<ArrayBuffer>) {
  if (target.method === 'POST') {
    const form = new FormData();
    form.append(target.fileField ?? 'file', new Blob([bytes], { type: FILE.contentType }), FILE.filename);
    return fetch(target.url ?? '', { method: 'POST', body: form });
  }
  return fetch(target.url ?? '', { method: 'PUT', headers: target.headers, body: bytes });
}

describe('presignEndpointMock', () => {
  it.each(PROVIDERS)('answers in the %s shape and the upload lands where its value points', async (provider) => {
    const mock = use({ provider });
    const target = await presign(provider);
    expect(target.url).toMatch(/^https?:\/\//);
    const bytes = pngBytes(64);
    const response = await send(target, bytes);
    expect(response.status).toBe(200);

    let valueUrl: string;
    if (provider === 'pruna') {
      const file = (await response.json()) as { urls: { get: string }; content_type: string; size: number };
      expect(file).toMatchObject({ content_type: 'image/png', size: 64 });
      valueUrl = file.urls.get;
    } else if (provider === 'modelroute') {
      expect(target.value).toMatch(/^file_/);
      expect(mock.uploads[0]?.key).toBe(`uploads/${target.value}`);
      valueUrl = mock.uploads[0]?.url ?? '';
    } else {
      expect(response.headers.get('etag')).toBeTruthy();
      valueUrl = target.value ?? '';
    }
    const got = await fetch(valueUrl);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(got)).toEqual(bytes);
    expect(mock.uploads).toHaveLength(1);
    expect(mock.calls[0]).toMatchObject({ method: 'POST', url: `${APP}/api/presign`, body: FILE });
  });

  it('answers the native shape as DESIGN.md describes it', async () => {
    use({ provider: 'native' });
    const json = await (await postJson(`${APP}/api/presign`, FILE)).json();
    // As createPresignHandler answers with s3(): the file id is a signed header and the key.
    const fileId = expect.stringMatching(/^[0-9a-f-]{36}$/);
    expect(json).toEqual({
      uploadUrl: expect.stringMatching(/^https:\/\/media-uploader-mock\.s3\.amazonaws\.com\/uploads\/[0-9a-f-]{36}\.png\?X-Amz-Algorithm=/),
      method: 'PUT',
      headers: { 'Content-Type': 'image/png', 'x-amz-meta-file-id': fileId },
      publicUrl: expect.stringMatching(/^https:\/\/media-uploader-mock\.s3\.amazonaws\.com\/uploads\/[0-9a-f-]{36}\.png$/),
      fileId,
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(json.publicUrl).toContain(`/uploads/${json.fileId}.png`);
    expect(json.headers['x-amz-meta-file-id']).toBe(json.fileId);
  });

  it('answers pruna as a same-origin multipart POST target whose field is "content"', async () => {
    use({ provider: 'pruna' });
    const json = await (await postJson(`${APP}/api/presign`, FILE)).json();
    expect(json).toEqual({ uploadUrl: expect.stringMatching(/^http:\/\/localhost:6006\/api\/presign\/proxy\?token=[0-9a-f]{32}$/), method: 'POST', fileField: 'content' });
    const forged = await send({ url: `${APP}/api/presign/proxy?token=nope`, method: 'POST', headers: {}, fileField: 'content' }, pngBytes());
    expect(forged.status).toBe(403);
    const noContent = await send({ ...targetOf('pruna', json), fileField: 'file' }, pngBytes());
    expect(noContent.status).toBe(400);
  });

  it('validates the presign body like createPresignHandler: same status and code for every bad body', async () => {
    use({ provider: 'native' });
    const real = createPresignHandler({
      provider: { name: 'stub', presign: async () => ({ uploadUrl: 'https://storage.test/put' }) },
    });
    const cases: unknown[] = [
      { ...FILE, filename: undefined },
      { ...FILE, size: 0 },
      { ...FILE, size: -1 },
      { ...FILE, size: 1.5 },
      { ...FILE, fileType: 'document' },
      { ...FILE, fileType: undefined },
      '{',
      [FILE],
      { ...FILE, contentType: 'application/pdf' },
      { ...FILE, size: 104_857_601 },
    ];
    for (const body of cases) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const expected = await real(
        new Request(`${APP}/api/presign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }),
      );
      const response = await postJson(`${APP}/api/presign`, body);
      const codes = async (answer: Response) => [answer.status, ((await answer.json()) as { error: { code: string } }).error.code];
      expect(await codes(response), text).toEqual(await codes(expected));
    }
  });

  it('answers the pruna proxy route like createUploadProxyHandler in front of pruna: same status and code', async () => {
    const mock = use({ provider: 'pruna' });
    const pruna = prunaMock({ apiKey: 'k' });
    server.use(...pruna.handlers);
    const real = createUploadProxyHandler({ provider: prunaProvider({ apiKey: 'k' }) });
    const target = targetOf('pruna', await (await postJson(`${APP}/api/presign`, FILE)).json());
    // An audio file passes the proxy's default accept; pruna only takes images and video.
    const cases: [string, Uint8Array<ArrayBuffer>, string][] = [
      ['content', pngBytes(), 'audio/mpeg'],
      ['file', pngBytes(), 'image/png'],
      ['content', pngBytes(), 'image/png'],
    ];
    for (const [field, bytes, type] of cases) {
      const form = () => formWith(field, bytes, type, type === 'audio/mpeg' ? 'a.mp3' : 'a.png');
      const expected = await real(new Request(`${APP}/api/uploads/proxy`, { method: 'POST', body: form() }));
      const response = await fetch(target.url!, { method: 'POST', body: form() });
      const codes = async (answer: Response) => {
        const json = (await answer.json()) as { error?: { code: string } };
        return [answer.status, json.error?.code];
      };
      expect(await codes(response), `${field} ${type}`).toEqual(await codes(expected));
    }
    expect(mock.uploads).toHaveLength(1);
  });

  it('takes a path (matched on any origin, or a full URL) and a storageOrigin', async () => {
    const mock = use({ provider: 'eachlabs', path: '/uploads/sign', storageOrigin: 'https://bucket.example.com' });
    const target = await presign('eachlabs', 'http://127.0.0.1:3000/uploads/sign');
    expect(target.url).toMatch(/^https:\/\/bucket\.example\.com\/uploads\//);
    expect((await send(target, pngBytes())).status).toBe(200);
    expect(mock.uploads).toHaveLength(1);
    use({ provider: 'native', path: 'https://app.example.com/presign' });
    await presign('native', 'https://app.example.com/presign');
  });

  it('waits latencyMs before answering: a route without latency, asked later, answers first', async () => {
    // Order, not a stopwatch: the slow route's timer holds its answer back behind one that has none.
    use({ provider: 'native', latencyMs: 150, path: '/slow' });
    use({ provider: 'native', path: '/fast' });
    const order: string[] = [];
    const slow = presign('native', `${APP}/slow`).then(() => order.push('slow'));
    const fast = presign('native', `${APP}/fast`).then(() => order.push('fast'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast', 'slow']);
  });


  describe.each(PROVIDERS)('fail modes, %s', (provider) => {
    const mockWith = (fail: PresignEndpointFailure) => use({ provider, fail });

    it('presign-500: the route answers 500 with a stable code', async () => {
      mockWith('presign-500');
      const response = await postJson(`${APP}/api/presign`, FILE);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: 'internal-error', message: expect.any(String) } }); // the real handler's pair
    });

    it('presign-invalid: the route answers 200 without an upload URL', async () => {
      mockWith('presign-invalid');
      const target = await presign(provider);
      expect(target.url).toBeUndefined();
    });

    it('upload-403-signature: the upload answers 403 SignatureDoesNotMatch', async () => {
      const mock = mockWith('upload-403-signature');
      const response = await send(await presign(provider), pngBytes());
      expect(response.status).toBe(403);
      expect(await s3ErrorOf(response)).toMatchObject({ code: 'SignatureDoesNotMatch' });
      expect(mock.uploads).toHaveLength(0);
    });

    it('upload-500: the upload answers 500 InternalError', async () => {
      mockWith('upload-500');
      const response = await send(await presign(provider), pngBytes());
      expect(response.status).toBe(500);
      expect(await s3ErrorOf(response)).toMatchObject({ code: 'InternalError' });
    });

    it('upload-expired: the upload answers 403 AccessDenied "Request has expired"', async () => {
      mockWith('upload-expired');
      const response = await send(await presign(provider), pngBytes());
      expect(response.status).toBe(403);
      expect(await s3ErrorOf(response)).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
    });

    it('cors: the preflight is refused and the upload fails as a network error', async () => {
      mockWith('cors');
      const target = await presign(provider);
      if (target.method === 'PUT') {
        const preflight = await fetch(target.url ?? '', {
          method: 'OPTIONS',
          headers: { Origin: APP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
        });
        expect(preflight.status).toBe(403);
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      }
      await expect(send(target, pngBytes())).rejects.toThrow(TypeError);
    });
  });
});
