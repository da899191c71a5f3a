import { modelrouteMock } from '../../src/testing';
import { bytesOf, fakeClock, pngBytes, postJson, put, s3ErrorOf, startServer } from './support';

const clock = fakeClock();
const mock = modelrouteMock({ now: clock.now });
startServer(...mock.handlers);
afterEach(() => mock.reset());

const UPLOAD = 'https://api.modelroute.ai/v1/files/upload';
const AUTH = { Authorization: 'Bearer test-api-key' };
const BODY = { filename: 'input-photo.png', content_type: 'image/png', size_bytes: 2048576 };

interface ModelroutePresign {
  file_id: string;
  upload_url: string;
  expires_at: string;
}

async function presign(body: unknown = BODY) {
  const response = await postJson(UPLOAD, body, AUTH);
  expect(response.status).toBe(200);
  return (await response.json()) as ModelroutePresign;
}

async function expectValidationError(body: unknown, message: RegExp) {
  const response = await postJson(UPLOAD, body, AUTH);
  expect(response.status).toBe(400);
  const json = (await response.json()) as { error: { code: string; message: string } };
  expect(json.error.code).toBe('INPUT_VALIDATION_ERROR');
  expect(json.error.message).toMatch(message);
}

describe('modelrouteMock', () => {
  it('answers file_id, a presigned upload_url on storage.modelroute.ai and expires_at one hour later', async () => {
    const target = await presign();
    expect(target.file_id).toMatch(/^file_[0-9a-f-]{36}$/);
    const url = new URL(target.upload_url);
    expect(url.origin + url.pathname).toBe(`https://storage.modelroute.ai/uploads/${target.file_id}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(target.expires_at).toBe('2026-11-21T09:00:00Z');
    expect((await presign()).upload_url).not.toBe(target.upload_url);
  });

  it('stores the PUT and serves the bytes back from storage', async () => {
    const target = await presign();
    const bytes = pngBytes(200);
    const response = await put(target.upload_url, bytes, { 'Content-Type': 'image/png' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const publicUrl = target.upload_url.split('?')[0] ?? '';
    const got = await fetch(publicUrl);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(got)).toEqual(bytes);
    expect(mock.uploads[0]).toMatchObject({ url: publicUrl, key: `uploads/${target.file_id}`, size: 200 });
  });

  it.each([
    ['no Authorization', {}],
    ['a wrong key', { Authorization: 'Bearer sk_wrong' }],
    ['the key without Bearer', { Authorization: 'test-api-key' }],
  ])('answers 401 for %s', async (_, headers) => {
    const response = await postJson(UPLOAD, BODY, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid or missing API key' } });
  });

  it('answers INPUT_VALIDATION_ERROR for a missing filename, content_type or size_bytes', async () => {
    const { filename: _f, ...noFilename } = BODY;
    const { content_type: _c, ...noType } = BODY;
    const { size_bytes: _s, ...noSize } = BODY;
    await expectValidationError(noFilename, /filename is required/);
    await expectValidationError(noType, /content_type is required/);
    await expectValidationError(noSize, /size_bytes is required/);
    await expectValidationError('not json', /JSON/);
  });

  it('answers INPUT_VALIDATION_ERROR over 100 MB (104,857,600 bytes) and accepts exactly 100 MB', async () => {
    await expectValidationError({ ...BODY, content_type: 'video/mp4', filename: 'a.mp4', size_bytes: 104_857_601 }, /100 MB/);
    await presign({ ...BODY, content_type: 'video/mp4', filename: 'a.mp4', size_bytes: 104_857_600 });
  });

  it('answers INPUT_VALIDATION_ERROR for an invalid content_type or one the filename contradicts', async () => {
    await expectValidationError({ ...BODY, content_type: 'application/pdf' }, /not a supported/);
    await expectValidationError({ ...BODY, content_type: 'video/mp4' }, /does not match the filename/);
  });

  it('refuses a PUT with another Content-Type with 403 SignatureDoesNotMatch', async () => {
    const target = await presign();
    const response = await put(target.upload_url, pngBytes(), { 'Content-Type': 'image/jpeg' });
    expect(response.status).toBe(403);
    expect(await s3ErrorOf(response)).toMatchObject({ code: 'SignatureDoesNotMatch' });
    const none = await put(target.upload_url, pngBytes(), {});
    expect(none.status).toBe(403);
  });

  it('answers AccessDenied "Request has expired" one hour after presigning', async () => {
    const start = clock.ms;
    try {
      const target = await presign();
      clock.ms = start + 3600 * 1000 + 1;
      const response = await put(target.upload_url, pngBytes(), { 'Content-Type': 'image/png' });
      expect(response.status).toBe(403);
      expect(await s3ErrorOf(response)).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
    } finally {
      clock.ms = start;
    }
  });
});
