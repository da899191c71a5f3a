// A loopback presign + storage server on another origin than the test page that misbehaves on purpose, per
// request, as a plan sent by the test says. It hashes what it stores and logs every request, so the test can
// prove bytes, ordering and "stored once" from the server's side rather than the browser's word.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FaultPlan, FaultLog, LoggedRequest, PresignFault, PutFault, StoredObject } from './plan';

const PRESIGN_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, accept, authorization, x-app-token',
  // Cross-origin, the page reads only safelisted headers: a presign route on another origin must expose this one.
  'access-control-expose-headers': 'retry-after',
  'access-control-max-age': '0',
  // No keep-alive anywhere (see STORAGE_CORS): a storage PUT must never ride a socket a presign left open.
  connection: 'close',
};
const STORAGE_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-meta-file-id',
  'access-control-expose-headers': 'etag',
  'access-control-max-age': '0',
  // A fresh connection per request: Chromium silently resends a request whose reused keep-alive socket was
  // reset before any answer, which would turn an injected reset into a retry the uploader never saw.
  connection: 'close',
};
const S3_ERRORS: Record<string, [code: string, message: string]> = {
  'put-403-expired': ['AccessDenied', 'Request has expired'],
  'put-403-signature': ['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'],
  'put-403-denied': ['AccessDenied', 'Access Denied'],
};
// Throttled storage reads this many bytes per tick: about 4 MB/s, slow enough to see, fast enough to finish.
const THROTTLE_BYTES = 64 * 1024;
const THROTTLE_TICK_MS = 15;

interface Target {
  file: string;
  contentType: string;
  fileId: string;
}

export interface FaultServer {
  origin: string;
  close(): Promise<void>;
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

/** Reads the whole body, hashing it; `throttle` sips it slowly so TCP back-pressure slows the browser. */
function drain(request: IncomingMessage, throttle: boolean): Promise<{ size: number; sha256: string } | null> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (throttle && chunk.length > 0) {
        request.pause();
        setTimeout(() => request.resume(), Math.ceil((chunk.length / THROTTLE_BYTES) * THROTTLE_TICK_MS));
      }
    });
    request.on('end', () => resolve({ size, sha256: hash.digest('hex') }));
    request.on('error', () => resolve(null));
    request.on('close', () => resolve(null));
  });
}

export async function startFaultServer(): Promise<FaultServer> {
  let plan: FaultPlan = { files: {}, retryAfterSeconds: 1 };
  let log: LoggedRequest[] = [];
  let objects: Record<string, StoredObject> = {};
  const targets = new Map<string, Target>();
  const presignCount = new Map<string, number>();
  const putCount = new Map<string, number>();
  const hanging = new Set<Socket>();
  let origin = '';

  const faultFor = <T>(file: string, list: 'presign' | 'put', counts: Map<string, number>): T | null => {
    const n = counts.get(file) ?? 0;
    counts.set(file, n + 1);
    return ((plan.files[file]?.[list] ?? [])[n] ?? null) as T | null;
  };
  const record = (entry: Omit<LoggedRequest, 'seq' | 'at'>) => {
    const logged = { seq: log.length, at: Date.now(), ...entry };
    log.push(logged);
    return logged;
  };
  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body = '') => {
    response.writeHead(status, headers);
    response.end(body);
  };

  async function presign(request: IncomingMessage, response: ServerResponse) {
    const body = JSON.parse((await readText(request)) || '{}') as { filename?: string; contentType?: string; size?: number };
    const file = String(body.filename ?? '');
    const fault = faultFor<PresignFault>(file, 'presign', presignCount);
    const entry = record({ kind: 'presign', file, fault, status: 200, headers: pickHeaders(request) });
    const json = { ...PRESIGN_CORS, 'content-type': 'application/json' };
    if (fault === 'presign-hang') {
      // No answer at all: the browser's presign timeout must end it. The socket is closed on reset.
      hanging.add(request.socket);
      entry.status = 0;
      return;
    }
    if (fault === 'presign-500') return send(response, (entry.status = 500), json, '{"error":{"code":"internal-error","message":"boom"}}');
    if (fault === 'presign-429') {
      entry.status = 429;
      return send(response, 429, { ...json, 'retry-after': String(plan.retryAfterSeconds ?? 1) }, '{"error":"slow down"}');
    }
    if (fault === 'presign-html') return send(response, 200, { ...PRESIGN_CORS, 'content-type': 'text/html' }, '<!doctype html><h1>Login</h1>');
    if (fault === 'presign-error-json') return send(response, 200, json, '{"error":"Quota exceeded for this account"}');
    // The server picks the key: nothing the browser sent (its filename included) reaches the URL.
    const key = `${randomUUID()}${/\.(png|mp4|wav)$/.exec(file)?.[0] ?? ''}`;
    const contentType = String(body.contentType ?? 'application/octet-stream');
    const fileId = randomUUID();
    targets.set(key, { file, contentType, fileId });
    entry.key = key;
    const expiresAt = new Date(Date.now() + 900_000).toISOString();
    const headers = { 'Content-Type': contentType, 'x-amz-meta-file-id': fileId };
    // Reached as localhost (the page's own site, where its cookies live), storage is named that way too.
    const base = request.headers.host?.startsWith('localhost:') ? origin.replace('127.0.0.1', 'localhost') : origin;
    send(response, 200, json, JSON.stringify({ uploadUrl: `${base}/bucket/${key}`, method: 'PUT', headers, publicUrl: `${base}/public/${key}`, expiresAt }));
  }

  async function put(request: IncomingMessage, response: ServerResponse, key: string) {
    const target = targets.get(key);
    const file = target?.file ?? '';
    const fault = target ? faultFor<PutFault>(file, 'put', putCount) : null;
    const entry = record({ kind: 'put', file, key, fault, status: 0, headers: pickHeaders(request), received: 0 });
    // What the page cannot say once it is gone: how far the body got, and whether the connection closed before the end.
    request.on('data', (chunk: Buffer) => (entry.received! += chunk.length));
    request.on('close', () => (entry.body = request.complete ? 'whole' : 'cut'));
    const size = Number(request.headers['content-length'] ?? 0);
    if (!target || request.headers['content-type'] !== target.contentType || request.headers['x-amz-meta-file-id'] !== target.fileId) {
      request.resume();
      entry.status = 403;
      return s3Error(response, 403, 'SignatureDoesNotMatch', 'The headers sent are not the ones signed.');
    }
    if (fault === 'put-reset' || fault === 'put-stall') {
      // Reset: cut the connection once part of the body arrived. Stall: stop reading, answer nothing.
      let got = 0;
      request.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got < Math.min(size / 2, 256 * 1024)) return;
        if (fault === 'put-reset') request.socket.destroy();
        else request.pause();
      });
      if (fault === 'put-stall') hanging.add(request.socket);
      return;
    }
    const drained = await drain(request, fault === 'put-throttle');
    if (!drained) return; // the browser went away (cancel, stall timeout, unmount)
    if (fault && S3_ERRORS[fault]) {
      entry.status = 403;
      return s3Error(response, 403, ...S3_ERRORS[fault]!);
    }
    if (fault === 'put-500') {
      entry.status = 500;
      return s3Error(response, 500, 'InternalError', 'We encountered an internal error. Please try again.');
    }
    if (fault !== 'put-store-nothing') {
      const previous = objects[key];
      // A second write keeps the first answer's time: a value may appear once storage first said 2xx.
      objects[key] = { key, file, size: drained.size, sha256: drained.sha256, storedAt: Date.now(), answeredAt: previous?.answeredAt ?? 0, stores: (previous?.stores ?? 0) + 1 };
    }
    // Slow answer: every byte is in and stored, the answer comes 3 s later (a scan, a multipart completion).
    if (fault === 'put-slow-answer') await new Promise((resolve) => setTimeout(resolve, 3000));
    entry.status = 200;
    response.writeHead(200, { ...STORAGE_CORS, etag: `"${drained.sha256.slice(0, 16)}"` });
    if (objects[key] && !objects[key]!.answeredAt) objects[key]!.answeredAt = Date.now();
    response.end();
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (request.method === 'OPTIONS') {
        if (!url.pathname.startsWith('/bucket/')) return send(response, 204, PRESIGN_CORS);
        const target = targets.get(url.pathname.slice('/bucket/'.length));
        // A failed preflight takes the place of a PUT attempt: the browser never sends the PUT then.
        const next = target ? (plan.files[target.file]?.put ?? [])[putCount.get(target.file) ?? 0] : null;
        if (next === 'put-cors') {
          putCount.set(target!.file, (putCount.get(target!.file) ?? 0) + 1);
          record({ kind: 'preflight', file: target!.file, key: url.pathname.slice(8), fault: 'put-cors', status: 403, headers: pickHeaders(request) });
          return send(response, 403, { 'content-type': 'text/plain', connection: 'close' }, 'CORS: origin not allowed');
        }
        return send(response, 204, STORAGE_CORS);
      }
      if (request.method === 'POST' && url.pathname === '/plan') {
        const next = JSON.parse(await readText(request)) as FaultPlan;
        plan = { ...plan, ...next, files: { ...plan.files, ...next.files } };
        return send(response, 204, PRESIGN_CORS);
      }
      if (request.method === 'POST' && url.pathname === '/reset') {
        for (const socket of hanging) socket.destroy();
        hanging.clear();
        plan = { files: {}, retryAfterSeconds: 1 };
        log = [];
        objects = {};
        targets.clear();
        presignCount.clear();
        putCount.clear();
        return send(response, 204, PRESIGN_CORS);
      }
      if (request.method === 'POST' && url.pathname === '/mark') {
        record({ kind: 'mark', file: await readText(request), fault: null, status: 204, headers: {} });
        return send(response, 204, PRESIGN_CORS);
      }
      if (request.method === 'GET' && url.pathname === '/log') {
        const body: FaultLog = { requests: log, objects };
        return send(response, 200, { ...PRESIGN_CORS, 'content-type': 'application/json' }, JSON.stringify(body));
      }
      if (request.method === 'POST' && url.pathname === '/presign') return await presign(request, response);
      if (request.method === 'PUT' && url.pathname.startsWith('/bucket/')) return await put(request, response, url.pathname.slice(8));
      send(response, 404, PRESIGN_CORS);
    } catch {
      if (!response.headersSent) send(response, 500, PRESIGN_CORS);
      else response.end();
    }
  });
  // A destroyed or stalled upload socket must not bring the server down.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function s3Error(response: ServerResponse, status: number, code: string, message: string) {
  response.writeHead(status, { ...STORAGE_CORS, 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/** The request headers a security check cares about: what the page could leak to storage. */
function pickHeaders(request: IncomingMessage): LoggedRequest['headers'] {
  const h = request.headers;
  return {
    ...(h.cookie ? { cookie: h.cookie } : {}),
    ...(h.authorization ? { authorization: h.authorization } : {}),
    ...(h['x-app-token'] ? { 'x-app-token': String(h['x-app-token']) } : {}),
    ...(h.origin ? { origin: h.origin } : {}),
  };
}
