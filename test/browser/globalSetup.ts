// A loopback "storage" server on another origin than the test page, for what only a real browser shows:
// CORS preflights, upload progress events, S3-style 403 bodies. It signs like a presigner would: a PUT must
// carry exactly the Content-Type and x-amz-meta-file-id it signed, else 403 SignatureDoesNotMatch.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:PORT` of the loopback storage server. */
    storageOrigin: string;
  }
}

interface Signed {
  contentType: string;
  fileId: string;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-meta-file-id',
  'access-control-expose-headers': 'etag',
};

// Slow enough that Chromium reports several progress events for a 3 MB file, yet done in about a second.
const CHUNK_DELAY_MS = 12;

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(text || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

/** Reads the body in small sips, pausing between them: TCP back-pressure then slows the browser's send. */
function drainSlowly(request: IncomingMessage): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      request.pause();
      setTimeout(() => request.resume(), CHUNK_DELAY_MS);
    });
    request.on('end', () => resolve(size));
    request.on('error', reject);
    request.on('aborted', () => reject(new Error('aborted')));
  });
}

function s3Error(response: ServerResponse, status: number, code: string, message: string) {
  response.writeHead(status, { ...CORS, 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

export default async function setup(project: TestProject) {
  const signed = new Map<string, Signed>();
  const stored = new Map<string, number>();
  // SHA-256 of each stored body, so a test can tell the bytes arrived unchanged, not just their count.
  const digests = new Map<string, string>();
  // Keys of PUTs whose connection closed before the server had read the body and answered (the browser aborted
  // them): never stored. A test waits for this instead of sleeping to see that nothing gets stored.
  let aborted: string[] = [];
  let requests: string[] = [];
  let origin = '';

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const line = `${request.method} ${url.pathname}`;
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...CORS, 'access-control-max-age': '0' });
      response.end();
      return;
    }
    if (url.pathname === '/stats') {
      response.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      response.end(JSON.stringify({ requests, stored: Object.fromEntries(stored), sha256: Object.fromEntries(digests), aborted }));
      return;
    }
    if (url.pathname === '/reset') {
      requests = [];
      aborted = [];
      stored.clear();
      digests.clear();
      signed.clear();
      response.writeHead(204, CORS);
      response.end();
      return;
    }
    requests.push(line);
    try {
      if (request.method === 'POST' && url.pathname === '/presign') {
        // The presign a real app route would do: sign the type and a meta header, answer in a provider's shape.
        const body = (await readJson(request)) as { filename?: string; contentType?: string };
        const shape = url.searchParams.get('shape') ?? 'native';
        const key = `${randomUUID()}-${String(body.filename ?? 'file').replace(/[^\w.-]/g, '_')}`;
        const fileId = randomUUID();
        const contentType = String(body.contentType ?? 'application/octet-stream');
        signed.set(key, { contentType, fileId });
        const uploadUrl = `${origin}/bucket/${key}?X-Amz-Signature=${randomUUID()}`;
        const publicUrl = `${origin}/public/${key}`;
        const expiresAt = new Date(Date.now() + 900_000).toISOString();
        // `tamper` answers a header other than the one signed: the PUT must then fail like S3 does.
        const metaHeader = url.searchParams.has('tamper') ? 'not-the-signed-id' : fileId;
        const answers: Record<string, unknown> = {
          native: { uploadUrl, method: 'PUT', headers: { 'Content-Type': contentType, 'x-amz-meta-file-id': metaHeader }, publicUrl, expiresAt },
          eachlabs: { presigned_url: uploadUrl, public_url: publicUrl, required_headers: { 'x-amz-meta-file-id': metaHeader }, expires_at: expiresAt },
          modelroute: { file_id: fileId, upload_url: uploadUrl, expires_at: expiresAt },
          apimodels: { code: 200, msg: 'success', data: { uploadUrl, publicUrl, expiresAt } },
        };
        if (shape === 'modelroute' || shape === 'apimodels') signed.set(key, { contentType, fileId: '' });
        response.writeHead(200, { ...CORS, 'content-type': 'application/json' });
        response.end(JSON.stringify(answers[shape]));
        return;
      }
      if (request.method === 'PUT' && url.pathname.startsWith('/bucket/')) {
        const key = url.pathname.slice('/bucket/'.length);
        const expected = signed.get(key);
        const contentType = request.headers['content-type'] ?? '';
        const fileId = request.headers['x-amz-meta-file-id'] ?? '';
        if (!expected || contentType !== expected.contentType || fileId !== expected.fileId) {
          request.resume();
          s3Error(response, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
          return;
        }
        const hash = createHash('sha256');
        request.on('data', (chunk: Buffer) => hash.update(chunk));
        const size = await drainSlowly(request).catch((error: unknown) => {
          aborted.push(key);
          throw error;
        });
        stored.set(key, size);
        digests.set(key, hash.digest('hex'));
        response.writeHead(200, { ...CORS, etag: `"${key.slice(0, 8)}"` });
        response.end();
        return;
      }
      response.writeHead(404, CORS);
      response.end();
    } catch {
      if (!response.headersSent) response.writeHead(500, CORS);
      response.end();
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  project.provide('storageOrigin', origin);

  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
