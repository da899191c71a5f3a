import { eachlabsMock } from '../../src/testing';
import { bytesOf, fakeClock, pngBytes, postJson, put, s3ErrorOf, startServer } from './support';

const clock = fakeClock();
const mock = eachlabsMock({ now: clock.now });
const server = startServer(...mock.handlers);
afterEach(() => mock.reset());

const PRESIGN = 'https://api.eachlabs.ai/v1/upload/presign';
const KEY = { 'X-API-Key': 'test-api-key' };

interface EachlabsPresign {
  id: string;
  presigned_url: string;
  public_url: string;
  expires_at: string;
  required_headers: Record<string, string>;
}

async function presign(body: unknown = { content_type: 'image/png', file_type: 'image' }) {
  const response = await postJson(PRESIGN, body, KEY);
  expect(response.status).toBe(200);
  return (await response.json()) as EachlabsPresign;
}

describe('eachlabsMock', () => {
  it('presigns a PUT to S3 signed for Content-Type and x-amz-meta-file-id, as documented', async () => {
    const target = await presign();
    expect(target.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const url = new URL(target.presigned_url);
    expect(url.origin + url.pathname).toBe(`https://eachlabs-storage.s3.amazonaws.com/uploads/${target.id}.png`);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host;x-amz-meta-file-id');
    expect(target.public_url).toBe(`https://cdn-us.eachlabs.ai/uploads/${target.id}.png`);
    expect(target.expires_at).toBe('2026-11-21T08:15:00Z');
    expect(target.required_headers).toEqual({ 'x-amz-meta-file-id': target.id });
  });

  it('gives every presign its own URL', async () => {
    const [a, b] = [await presign(), await presign()];
    expect(a.presigned_url).not.toBe(b.presigned_url);
    expect(a.public_url).not.toBe(b.public_url);
  });

  it('stores a PUT with the right headers and serves the same bytes at public_url', async () => {
    const target = await presign();
    const bytes = pngBytes(300);
    const response = await put(target.presigned_url, bytes, { 'Content-Type': 'image/png', ...target.required_headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');

    const got = await fetch(target.public_url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(got)).toEqual(bytes);

    expect(mock.uploads).toHaveLength(1);
    expect(mock.uploads[0]).toMatchObject({
      url: target.public_url,
      key: `uploads/${target.id}.png`,
      contentType: 'image/png',
      size: 300,
      headers: { 'x-amz-meta-file-id': target.id },
    });
    expect(mock.uploads[0]?.bytes).toEqual(bytes);
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { 'X-API-Key': 'nope' }],
    ['the key as a Bearer token', { Authorization: 'Bearer test-api-key' }],
  ])('answers 401 with the documented body for %s', async (_, headers) => {
    const response = await postJson(PRESIGN, { content_type: 'image/png' }, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Invalid or missing API key' });
  });

  it('answers 400 {"error":"content_type is required"} without content_type', async () => {
    for (const body of [{}, { file_type: 'image' }, { content_type: '' }]) {
      const response = await postJson(PRESIGN, body, KEY);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'content_type is required' });
    }
  });

  it('refuses a file_type outside image, video, audio, other', async () => {
    const response = await postJson(PRESIGN, { content_type: 'image/png', file_type: 'picture' }, KEY);
    expect(response.status).toBe(400);
  });

  it('refuses a PUT whose Content-Type differs from the presigned one with 403 SignatureDoesNotMatch', async () => {
    const target = await presign();
    for (const contentType of ['image/jpeg', 'image/png; charset=utf-8']) {
      const response = await put(target.presigned_url, pngBytes(), { 'Content-Type': contentType, ...target.required_headers });
      expect(response.status).toBe(403);
      expect(await s3ErrorOf(response)).toMatchObject({ code: 'SignatureDoesNotMatch' });
    }
    expect(mock.uploads).toHaveLength(0);
  });

  it('refuses a PUT missing x-amz-meta-file-id, or carrying another value, with 403 SignatureDoesNotMatch', async () => {
    const target = await presign();
    const missing = await put(target.presigned_url, pngBytes(), { 'Content-Type': 'image/png' });
    expect(missing.status).toBe(403);
    expect(await s3ErrorOf(missing)).toMatchObject({ code: 'SignatureDoesNotMatch' });
    const changed = await put(target.presigned_url, pngBytes(), { 'Content-Type': 'image/png', 'x-amz-meta-file-id': 'other' });
    expect(changed.status).toBe(403);
    expect(mock.uploads).toHaveLength(0);
  });

  it('accepts a PUT until expires_at and answers AccessDenied "Request has expired" after it', async () => {
    const start = clock.ms;
    try {
      const target = await presign();
      const headers = { 'Content-Type': 'image/png', ...target.required_headers };
      clock.ms = start + 15 * 60 * 1000;
      expect((await put(target.presigned_url, pngBytes(), headers)).status).toBe(200);
      clock.ms += 1000;
      const late = await put(target.presigned_url, pngBytes(), headers);
      expect(late.status).toBe(403);
      expect(await s3ErrorOf(late)).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
    } finally {
      clock.ms = start;
    }
  });

  it('answers 404 NoSuchKey for a public URL nothing was uploaded to', async () => {
    const target = await presign();
    const response = await fetch(target.public_url);
    expect(response.status).toBe(404);
    expect(await s3ErrorOf(response)).toMatchObject({ code: 'NoSuchKey' });
  });

  it('takes baseUrl, apiKey, storageOrigin, publicOrigin and expiresInSeconds', async () => {
    const custom = eachlabsMock({
      baseUrl: 'https://eachlabs.internal',
      apiKey: 'k2',
      storageOrigin: 'https://bucket.example.com',
      publicOrigin: 'https://cdn.example.com',
      expiresInSeconds: 60,
      now: clock.now,
    });
    server.use(...custom.handlers);
    const response = await postJson('https://eachlabs.internal/v1/upload/presign', { content_type: 'video/mp4' }, { 'X-API-Key': 'k2' });
    const target = (await response.json()) as EachlabsPresign;
    expect(target.presigned_url).toMatch(new RegExp(`^https://bucket\\.example\\.com/uploads/${target.id}\\.mp4\\?.*X-Amz-Expires=60`));
    expect(target.public_url).toBe(`https://cdn.example.com/uploads/${target.id}.mp4`);
    expect(target.expires_at).toBe('2026-11-21T08:01:00Z');
    const bytes = pngBytes(10);
    expect((await put(target.presigned_url, bytes, { 'Content-Type': 'video/mp4', ...target.required_headers })).status).toBe(200);
    expect(await bytesOf(await fetch(target.public_url))).toEqual(bytes);
    expect(custom.uploads).toHaveLength(1);
    expect(mock.uploads).toHaveLength(0);
  });

  it('logs every call it answered, with lower-cased headers and the parsed body', async () => {
    await presign({ content_type: 'audio/mpeg' });
    expect(mock.calls).toEqual([
      {
        method: 'POST',
        url: PRESIGN,
        headers: expect.objectContaining({ 'x-api-key': 'test-api-key', 'content-type': 'application/json' }),
        body: { content_type: 'audio/mpeg' },
      },
    ]);
  });
});
