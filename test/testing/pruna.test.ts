import { prunaMock } from '../../src/testing';
import { bytesOf, fakeClock, formWith, pngBytes, startServer } from './support';

const clock = fakeClock();
const mock = prunaMock({ now: clock.now });
startServer(...mock.handlers);
afterEach(() => mock.reset());

const FILES = 'https://api.pruna.ai/v1/files';
const KEY = { apikey: 'test-api-key' };

interface PrunaFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  etag: string;
  checksums: Record<string, string>;
  created_at: string;
  expires_at: string;
  urls: { get: string };
}

describe('prunaMock', () => {
  it('takes multipart field "content" and answers a file object whose urls.get serves the bytes', async () => {
    const bytes = pngBytes(185);
    const response = await fetch(FILES, { method: 'POST', headers: KEY, body: formWith('content', bytes, 'image/jpeg', 'test.jpg') });
    expect(response.status).toBe(200);
    const file = (await response.json()) as PrunaFile;
    expect(file).toMatchObject({ name: 'test.jpg', content_type: 'image/jpeg', size: 185, created_at: '2026-11-21T08:00:00.000Z' });
    expect(file.id).toMatch(/^[a-z0-9]{10}$/);
    expect(file.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(file.checksums.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.expires_at).toBe('2026-11-21T08:30:00.000Z');
    expect(file.urls.get).toBe(`https://api.pruna.ai/v1/files/${file.id}`);

    const got = await fetch(file.urls.get);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(await bytesOf(got)).toEqual(bytes);
    expect(mock.uploads[0]).toMatchObject({ url: file.urls.get, key: file.id, contentType: 'image/jpeg', size: 185 });
  });

  it('answers 401 without the apikey header or with a wrong key', async () => {
    const none = await fetch(FILES, { method: 'POST', body: formWith('content', pngBytes(), 'image/png') });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'No API key found in request' });
    const bearer = await fetch(FILES, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-api-key' },
      body: formWith('content', pngBytes(), 'image/png'),
    });
    expect(bearer.status).toBe(401);
    const wrong = await fetch(FILES, { method: 'POST', headers: { apikey: 'x' }, body: formWith('content', pngBytes(), 'image/png') });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: 'Invalid authentication credentials' });
    expect(mock.uploads).toHaveLength(0);
  });

  it('answers 400 without a "content" field', async () => {
    const response = await fetch(FILES, { method: 'POST', headers: KEY, body: formWith('file', pngBytes(), 'image/png') });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Missing required form field "content"' });
    const notMultipart = await fetch(FILES, { method: 'POST', headers: { ...KEY, 'Content-Type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(400);
  });

  it('takes images and video only ("Upload a file (image or video)")', async () => {
    const audio = await fetch(FILES, { method: 'POST', headers: KEY, body: formWith('content', pngBytes(), 'audio/mpeg', 'a.mp3') });
    expect(audio.status).toBe(400);
    const video = await fetch(FILES, { method: 'POST', headers: KEY, body: formWith('content', pngBytes(), 'video/mp4', 'a.mp4') });
    expect(video.status).toBe(200);
  });
});
