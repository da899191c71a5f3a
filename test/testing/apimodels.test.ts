import { apimodelsMock } from '../../src/testing';
import { bytesOf, fakeClock, formWith, pngBytes, postJson, put, s3ErrorOf, startServer } from './support';

const clock = fakeClock();
const mock = apimodelsMock({ now: clock.now });
startServer(...mock.handlers);
afterEach(() => mock.reset());

const FILES = 'https://apimodels.app/api/v1/files';
const AUTH = { Authorization: 'Bearer test-api-key' };

interface ApimodelsPresign {
  code: number;
  msg: string;
  data: { uploadUrl: string; publicUrl: string; expiresAt: string };
}

async function presign(body: unknown = { filename: 'ref.png', contentType: 'image/png', fileSize: 300 }) {
  const response = await postJson(FILES, body, AUTH);
  expect(response.status).toBe(200);
  return (await response.json()) as ApimodelsPresign;
}

async function expectError(response: Response, status: number, msg: string) {
  expect(response.status).toBe(status);
  expect(await response.json()).toEqual({ code: status, msg });
}

describe('apimodelsMock, JSON mode', () => {
  it('answers {code,msg,data} with a presigned R2 uploadUrl, publicUrl and expiresAt ten minutes later', async () => {
    const { code, msg, data } = await presign();
    expect({ code, msg }).toEqual({ code: 200, msg: 'success' });
    const url = new URL(data.uploadUrl);
    expect(url.hostname).toMatch(/^[0-9a-f]{32}\.r2\.cloudflarestorage\.com$/);
    expect(url.pathname).toMatch(/^\/apimodels\/uploads\/user_test\/\d+[0-9a-f]{8}\.png$/);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('X-Amz-Credential')).toContain('/auto/s3/aws4_request');
    expect(data.publicUrl).toBe(`https://r2.apimodels.app${url.pathname.replace('/apimodels', '')}`);
    expect(data.expiresAt).toBe('2026-11-21T08:10:00.000Z');
  });

  it('stores the PUT and serves the same bytes at publicUrl', async () => {
    const { data } = await presign();
    const bytes = pngBytes(300);
    const response = await put(data.uploadUrl, bytes, { 'Content-Type': 'image/png' });
    expect(response.status).toBe(200);
    const got = await fetch(data.publicUrl);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(got)).toEqual(bytes);
    expect(mock.uploads).toHaveLength(1);
  });

  it.each([
    ['no Authorization', {}],
    ['a wrong key', { Authorization: 'Bearer wrong' }],
  ])('answers 401 "Invalid or missing API key" for %s', async (_, headers) => {
    await expectError(await postJson(FILES, { filename: 'a.png', contentType: 'image/png' }, headers), 401, 'Invalid or missing API key');
  });

  it('answers 400 "filename and contentType are required" without either', async () => {
    for (const body of [{ contentType: 'image/png' }, { filename: 'a.png' }, {}]) {
      await expectError(await postJson(FILES, body, AUTH), 400, 'filename and contentType are required');
    }
  });

  it('answers 400 for a content type outside image/, video/, audio/', async () => {
    const response = await postJson(FILES, { filename: 'a.pdf', contentType: 'application/pdf' }, AUTH);
    await expectError(response, 400, 'Only image/, video/, or audio/ content types are accepted');
  });

  it('checks fileSize up front: video over 100MB, images over 10MB', async () => {
    const video = await postJson(FILES, { filename: 'a.mp4', contentType: 'video/mp4', fileSize: 104_857_601 }, AUTH);
    await expectError(video, 400, 'File too large (max 100MB)');
    await presign({ filename: 'a.mp4', contentType: 'video/mp4', fileSize: 104_857_600 });
    const image = await postJson(FILES, { filename: 'a.png', contentType: 'image/png', fileSize: 10 * 1024 * 1024 + 1 }, AUTH);
    await expectError(image, 400, 'File too large (max 10MB)');
  });

  it('answers 400 "Invalid JSON body" and "Expected multipart/form-data or application/json"', async () => {
    await expectError(await postJson(FILES, '{"filename":', AUTH), 400, 'Invalid JSON body');
    const text = await fetch(FILES, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'text/plain' }, body: 'hi' });
    await expectError(text, 400, 'Expected multipart/form-data or application/json');
  });

  it('refuses a PUT with another Content-Type with 403 SignatureDoesNotMatch', async () => {
    const { data } = await presign();
    const response = await put(data.uploadUrl, pngBytes(), { 'Content-Type': 'video/mp4' });
    expect(response.status).toBe(403);
    expect(await s3ErrorOf(response)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('answers AccessDenied "Request has expired" after ten minutes', async () => {
    const start = clock.ms;
    try {
      const { data } = await presign();
      clock.ms = start + 601 * 1000;
      const response = await put(data.uploadUrl, pngBytes(), { 'Content-Type': 'image/png' });
      expect(response.status).toBe(403);
      expect(await s3ErrorOf(response)).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
    } finally {
      clock.ms = start;
    }
  });
});

describe('apimodelsMock, multipart mode', () => {
  it('stores form field "file" and answers data.publicUrl serving the same bytes', async () => {
    const bytes = pngBytes(120);
    const response = await fetch(FILES, { method: 'POST', headers: AUTH, body: formWith('file', bytes, 'image/png', 'ref.png') });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { code: number; msg: string; data: { publicUrl: string } };
    expect(json).toMatchObject({ code: 200, msg: 'success' });
    expect(json.data.publicUrl).toMatch(/^https:\/\/r2\.apimodels\.app\/uploads\/user_test\/\d+[0-9a-f]{8}\.png$/);
    const got = await fetch(json.data.publicUrl);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(got)).toEqual(bytes);
    expect(mock.calls[0]?.body).toEqual({ file: { name: 'ref.png', type: 'image/png', size: 120 } });
  });

  it('answers 400 without a "file" field, and for a part type outside the allow-list', async () => {
    const noFile = await fetch(FILES, { method: 'POST', headers: AUTH, body: formWith('content', pngBytes(), 'image/png') });
    await expectError(noFile, 400, 'No file provided (expected form field "file")');
    const pdf = await fetch(FILES, { method: 'POST', headers: AUTH, body: formWith('file', pngBytes(), 'application/pdf', 'a.pdf') });
    await expectError(pdf, 400, 'Only image/, video/, or audio/ content types are accepted');
  });

  it('answers 401 without the Bearer key', async () => {
    const response = await fetch(FILES, { method: 'POST', body: formWith('file', pngBytes(), 'image/png') });
    await expectError(response, 401, 'Invalid or missing API key');
    expect(mock.uploads).toHaveLength(0);
  });
});
