// presignEndpointMock({ provider: 'native' }) stands for createPresignHandler with s3() (DESIGN: the native shape is
// what our server handler returns): its storage must refuse what s3() on a real SigV4 store (s3rver) refuses, or
// a browser bug passes every test that runs on the mock and fails in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { getResponse } from 'msw';
import { createPresignHandler, s3 } from '../../src/server';
import { presignEndpointMock } from '../../src/testing';
import { presignRequest } from './helpers';
import { S3rver, type S3rverServer } from './s3rver';


const BUCKET = 'uploads';
let storage: S3rverServer;
let directory: string;
let real: (request: Request) => Promise<Response>;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 's3rver-native-'));
  storage = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const endpoint = `http://127.0.0.1:${(await storage.run()).port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  real = createPresignHandler({ provider: s3({ client, bucket: BUCKET, publicBaseUrl: `${endpoint}/${BUCKET}` }) });
});
afterAll(async () => {
  await storage.close();
  rmSync(directory, { recursive: true, force: true });
});

// The mock's handlers are asked directly (msw's getResponse), so the real store is reached by plain fetch.
const mock = presignEndpointMock({ provider: 'native', path: '/api/uploads/presign' });
afterEach(() => mock.reset());
const mocked = async (request: Request) => (await getResponse(mock.handlers, request))!;

interface Target {
  uploadUrl: string;
  headers: Record<string, string>;
}
const body = { filename: 'photo.png', contentType: 'image/png', size: 64, fileType: 'image' };
const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => i % 251);

/** Presigns `body` at both routes, PUTs with `put(target)` to each target, answers both PUT statuses. */
async function both(put: (target: Target) => { headers: Record<string, string>; body: Uint8Array<ArrayBuffer> }) {
  const statuses: number[] = [];
  for (const [route, send] of [
    [real, (request: Request) => fetch(request)],
    [mocked, mocked],
  ] as const) {
    const presign = await route(presignRequest(body));
    expect(presign.status).toBe(200);
    const target = (await presign.json()) as Target;
    const init = put(target);
    statuses.push((await send(new Request(target.uploadUrl, { method: 'PUT', ...init }))).status);
  }
  return statuses;
}

describe("presignEndpointMock's native storage beside s3() on s3rver", () => {
  it('stores a PUT of exactly what was presigned, with the headers answered', async () => {
    expect(await both((target) => ({ headers: target.headers, body: bytes(body.size) }))).toEqual([200, 200]);
  });

  it('refuses a PUT of another size than the one presigned (s3() signs Content-Length)', async () => {
    // A browser that presigns the picked file and uploads the prepared one (metadata stripped) sends another size.
    expect(await both((target) => ({ headers: target.headers, body: bytes(body.size - 10) }))).toEqual([403, 403]);
  });

  it('answers the header names and fields s3() answers, and refuses a PUT that leaves its file id out', async () => {
    const shapes = [];
    for (const route of [real, mocked]) {
      const target = (await (await route(presignRequest(body))).json()) as Target & Record<string, unknown>;
      shapes.push({ fields: Object.keys(target).sort(), headers: Object.keys(target.headers).sort() });
    }
    expect(shapes[1]).toEqual(shapes[0]);
    // A browser that sent only Content-Type (dropping the native answer's other headers) fails on S3.
    const onlyType = (target: Target) => ({ headers: { 'Content-Type': target.headers['Content-Type']! }, body: bytes(body.size) });
    expect(await both(onlyType)).toEqual([403, 403]);
  });
});
