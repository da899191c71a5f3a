// The s3 provider against a real SigV4-checking store (@20minutes/s3rver): what we sign is what storage enforces.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignHandler, s3 } from '../../src/server';
import { presignRequest } from './helpers';
import { S3rver, type S3rverServer } from './s3rver';


const BUCKET = 'uploads';
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>
<AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`;

let storage: S3rverServer;
let directory: string;
let endpoint: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  storage = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [CORS] }],
  });
  const address = await storage.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await storage.close();
  rmSync(directory, { recursive: true, force: true });
});

/** A client exactly as an app would make it: no checksum setting, so the SDK default (WHEN_SUPPORTED) applies. */
const defaultClient = () =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) % 256);

async function presign(body = { filename: 'photo.png', contentType: 'image/png', size: 4096, fileType: 'image' }) {
  const handler = createPresignHandler({
    provider: s3({ client: defaultClient(), bucket: BUCKET, publicBaseUrl: `${endpoint}/${BUCKET}/`, keyPrefix: 'in/' }),
  });
  const response = await handler(presignRequest(body));
  expect(response.status).toBe(200);
  return response.json() as Promise<{
    uploadUrl: string;
    method: string;
    headers: Record<string, string>;
    publicUrl: string;
    fileId: string;
    expiresAt: string;
  }>;
}

describe('s3 provider on s3rver', () => {
  it('signs a PUT that stores the exact bytes, readable at publicUrl, with a default S3Client', async () => {
    const target = await presign();
    const key = new URL(target.publicUrl).pathname.slice(`/${BUCKET}/`.length);
    expect(key).toMatch(/^in\/[0-9a-f-]{36}\.png$/);
    expect(key).toBe(`in/${target.fileId}.png`);
    expect(target.method).toBe('PUT');
    expect(target.headers).toEqual({ 'Content-Type': 'image/png', 'x-amz-meta-file-id': target.fileId });
    expect(Date.parse(target.expiresAt) - Date.now()).toBeGreaterThan(890_000);
    expect(target.expiresAt).toMatch(/Z$/);

    const data = bytes(4096);
    const put = await fetch(target.uploadUrl, { method: 'PUT', headers: target.headers, body: data });
    expect(put.status, await put.clone().text()).toBe(200);
    const get = await fetch(target.publicUrl);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(data);
  });

  it('signs Content-Type, the file id and the size as headers, and keeps the empty-body checksum out of the URL', async () => {
    const { uploadUrl, fileId } = await presign();
    const query = new URL(uploadUrl).searchParams;
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-meta-file-id');
    expect(uploadUrl).not.toMatch(/x-amz-checksum/i);
    expect(uploadUrl).not.toMatch(/x-amz-sdk-checksum-algorithm/i);
    // The id is a required header, not a hoisted query parameter anyone could drop.
    expect([...query.keys()].filter((name) => /meta/i.test(name))).toEqual([]);
    expect(uploadUrl).toContain(`/in/${fileId}.png?`);
    expect(query.get('X-Amz-Expires')).toBe('900');
  });

  it('guards against a real SDK default: the same client presigns a checksum when left alone', async () => {
    // The control for the test above: without the provider's fix this SDK version puts a CRC32 in the URL.
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    const plain = await getSignedUrl(defaultClient(), new PutObjectCommand({ Bucket: BUCKET, Key: 'k', ContentType: 'image/png' }));
    expect(plain).toMatch(/x-amz-checksum-crc32=/i);
  });

  it('rejects (403) a PUT without x-amz-meta-file-id, with another Content-Type, or with another size', async () => {
    const target = await presign();
    const data = bytes(4096);
    const withoutId = await fetch(target.uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      body: data,
    });
    expect(withoutId.status).toBe(403);
    expect(await withoutId.text()).toContain('SignatureDoesNotMatch');
    const otherType = await fetch(target.uploadUrl, {
      method: 'PUT',
      headers: { ...target.headers, 'Content-Type': 'text/html' },
      body: data,
    });
    expect(otherType.status).toBe(403);
    const bigger = await fetch(target.uploadUrl, { method: 'PUT', headers: target.headers, body: bytes(8192) });
    expect(bigger.status).toBe(403);
    // Nothing was stored by the rejected attempts.
    expect((await fetch(target.publicUrl)).status).toBe(404);
  });

  it('derives the extension from the type, or a sanitized one from the filename, never the name itself', async () => {
    const jpeg = await presign({ filename: '../../evil name.exe', contentType: 'image/jpeg', size: 10, fileType: 'image' });
    expect(jpeg.publicUrl).toMatch(new RegExp(`/${BUCKET}/in/[0-9a-f-]{36}\\.jpg$`));
    const odd = await presign({ filename: 'clip.M2TS', contentType: 'video/mp2t', size: 10, fileType: 'video' });
    expect(odd.publicUrl).toMatch(/\.m2ts$/);
    const none = await presign({ filename: 'x.<script>', contentType: 'audio/x-odd', size: 10, fileType: 'audio' });
    expect(none.publicUrl).toMatch(/\/in\/[0-9a-f-]{36}$/);
  });

  it('vets the extension itself when an app calls presign() directly with a raw filename', async () => {
    const provider = s3({ client: defaultClient(), bucket: BUCKET, publicBaseUrl: endpoint });
    const ctx = { signal: new AbortController().signal, requestUrl: 'https://app.example/' };
    const raw = await provider.presign({ filename: 'a.mp3?acl=public-read#x', contentType: 'audio/x-odd', size: 1, fileType: 'audio' }, ctx);
    expect(raw.publicUrl).toMatch(new RegExp(`^${endpoint}/[0-9a-f-]{36}$`));
    const typed = await provider.presign({ filename: '../../x.html', contentType: 'image/png', size: 1, fileType: 'image' }, ctx);
    expect(typed.publicUrl).toMatch(new RegExp(`^${endpoint}/[0-9a-f-]{36}\\.png$`));
  });

  it('answers an expiresAt no later than temporary credentials expire (the URL dies with them)', async () => {
    // A role's session credentials (Lambda, ECS, EKS) can expire before expiresIn is up; AWS then refuses the URL
    // (ExpiredToken) while the browser, told 15 minutes, would not presign again in time.
    const expiration = new Date(Date.now() + 6 * 60_000);
    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: async () => ({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', sessionToken: 'session', expiration }),
    });
    const provider = s3({ client, bucket: BUCKET, publicBaseUrl: `${endpoint}/${BUCKET}` });
    const target = await provider.presign(
      { filename: 'upload.png', contentType: 'image/png', size: 4, fileType: 'image' },
      { signal: new AbortController().signal, requestUrl: 'https://app.example/' },
    );
    expect(new URL(target.uploadUrl).searchParams.get('X-Amz-Security-Token')).toBe('session');
    expect(target.expiresAt).toBe(expiration.toISOString());
    const put = await fetch(target.uploadUrl, { method: 'PUT', headers: target.headers, body: bytes(4) });
    expect(put.status).toBe(200);
  });

  it.each([
    ['/uploads/', 'uploads/'],
    ['//uploads//in/', 'uploads/in/'],
    ['uploads//', 'uploads/'],
  ])("stores under a keyPrefix written as a path (%s) at the key S3 tools show (%s), no empty-named folder", async (keyPrefix, expected) => {
    // An app that writes its prefix like a path ('/uploads/') got keys with a leading '/': '/bucket//uploads/…' in a
    // path-style URL, an empty-named folder on S3, a different key on MinIO (it strips the slash) than the one signed.
    const provider = s3({ client: defaultClient(), bucket: BUCKET, publicBaseUrl: `${endpoint}/${BUCKET}`, keyPrefix });
    const target = await provider.presign(
      { filename: 'upload.png', contentType: 'image/png', size: 8, fileType: 'image' },
      { signal: new AbortController().signal, requestUrl: 'https://app.example/' },
    );
    expect(target.publicUrl).toBe(`${endpoint}/${BUCKET}/${expected}${target.fileId}.png`);
    expect(new URL(target.uploadUrl).pathname).toBe(`/${BUCKET}/${expected}${target.fileId}.png`);
    const data = bytes(8);
    const put = await fetch(target.uploadUrl, { method: 'PUT', headers: target.headers, body: data });
    expect(put.status, await put.clone().text()).toBe(200);
    const get = await fetch(target.publicUrl!);
    expect(get.status).toBe(200);
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(data);
  });

  it('refuses a keyPrefix that is not a string or holds a path segment of dots, at configuration time', () => {
    const options = { client: defaultClient(), bucket: BUCKET, publicBaseUrl: endpoint };
    expect(() => s3({ ...options, keyPrefix: 'uploads/../other/' })).toThrow(/keyPrefix/);
    expect(() => s3({ ...options, keyPrefix: 42 as unknown as string })).toThrow(/keyPrefix/);
  });

  it('honours expiresIn', async () => {
    const provider = s3({ client: defaultClient(), bucket: BUCKET, publicBaseUrl: endpoint, expiresIn: 60 });
    const target = await provider.presign(
      { filename: 'upload.png', contentType: 'image/png', size: 1, fileType: 'image' },
      { signal: new AbortController().signal, requestUrl: 'https://app.example/' },
    );
    expect(new URL(target.uploadUrl).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(Date.parse(target.expiresAt!) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(target.publicUrl).toMatch(new RegExp(`^${endpoint}/[0-9a-f-]{36}\\.png$`));
  });
});

describe('s3 provider when signing fails', () => {
  const handlerFor = (client: S3Client) =>
    createPresignHandler({ provider: s3({ client, bucket: BUCKET, publicBaseUrl: 'https://cdn.example' }) });

  it('answers 502 provider-error naming only the error, not its message, when the credentials provider throws', async () => {
    const client = new S3Client({
      region: 'us-east-1',
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from http://169.254.169.254/latest (profile prod)'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    const response = await handlerFor(client)(presignRequest());
    expect(response.status).toBe(502);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('provider-error');
    expect(error.message).toContain('CredentialsProviderError');
    expect(error.message).not.toMatch(/169\.254|profile|prod/);
  });

  it('answers 502 provider-error when the client has no region', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    try {
      const client = new S3Client({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      const response = await handlerFor(client)(presignRequest());
      expect(response.status).toBe(502);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('provider-error');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
