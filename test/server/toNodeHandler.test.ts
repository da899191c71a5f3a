// toNodeHandler on a real node:http server, driven with fetch: bodies stream in and out, Express bodies are reused.
import { createServer, request as httpRequest, type IncomingMessage, type RequestOptions, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPresignHandler, createUploadProxyHandler, pruna, toNodeHandler, type UploadProvider } from '../../src/server';
import { KEY, pngRequest, readAnswer } from './helpers';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const seen: unknown[] = [];
const spy: UploadProvider = {
  name: 'spy',
  async presign(req, ctx) {
    seen.push({ req, requestUrl: ctx.requestUrl });
    return { uploadUrl: 'https://storage.test/put', method: 'PUT', headers: { 'Content-Type': req.contentType } };
  },
};
beforeEach(() => (seen.length = 0));

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A request through node:http (which fetch cannot send: TRACE, a bad Host, a target naming another host): its answer. */
const rawRequest = (url: string, options: RequestOptions, body?: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, options, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.once('error', reject);
    req.end(body);
  });

describe('toNodeHandler', () => {
  it('serves a presign handler over node:http with status, headers and body intact', async () => {
    const origin = await listen(toNodeHandler(createPresignHandler({ provider: spy })));
    const response = await postJson(`${origin}/api/uploads/presign?x=1`, pngRequest);
    const { status, body, headers } = await readAnswer(response);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('content-type')).toContain('application/json');
    expect(body).toEqual({ uploadUrl: 'https://storage.test/put', method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    expect(seen).toEqual([
      { req: { ...pngRequest, filename: 'upload.png' }, requestUrl: `${origin}/api/uploads/presign?x=1` },
    ]);
  });

  it('passes errors and their headers through (405 with Allow)', async () => {
    const origin = await listen(toNodeHandler(createPresignHandler({ provider: spy })));
    const response = await fetch(`${origin}/presign`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await response.json()).error.code).toBe('method-not-allowed');
  });

  it('answers 405 to TRACE and 400 to a Host header that is no host, not 500', async () => {
    const origin = await listen(toNodeHandler(createPresignHandler({ provider: spy })));
    const send = async (options: RequestOptions) => {
      const { status, text } = await rawRequest(`${origin}/presign`, options);
      return { status, code: JSON.parse(text).error.code };
    };
    expect(await send({ method: 'TRACE' })).toEqual({ status: 405, code: 'method-not-allowed' });
    expect(await send({ method: 'POST', headers: { host: 'a%b' } })).toEqual({ status: 400, code: 'invalid-request' });
  });

  it("uses the origin option for request.url, so providers see the app's origin, not the Host header", async () => {
    const origin = await listen(toNodeHandler(createPresignHandler({ provider: spy }), { origin: 'https://app.example' }));
    await readAnswer(await postJson(`${origin}/api/uploads/presign`, pngRequest));
    expect(seen).toEqual([expect.objectContaining({ requestUrl: 'https://app.example/api/uploads/presign' })]);
  });

  it("answers pruna's default proxy route as a path behind a TLS-terminating proxy (request.url says http:)", async () => {
    const origin = await listen(toNodeHandler(createPresignHandler({ provider: pruna({ apiKey: KEY }) })));
    const headers = { host: 'app.example.com', 'x-forwarded-proto': 'https', 'content-type': 'application/json' };
    const { text } = await rawRequest(`${origin}/api/uploads/presign`, { method: 'POST', headers }, JSON.stringify(pngRequest));
    // The browser resolves the path against its https page; `http://app.example.com/...` would be refused there.
    expect(JSON.parse(text).uploadUrl).toBe('/api/uploads/proxy');
  });

  it('keeps the origin when the request target names another host (//host/path or absolute-form)', async () => {
    const handler = toNodeHandler(createPresignHandler({ provider: spy }), { origin: 'https://app.example' });
    const origin = await listen(handler);
    for (const target of ['//evil.test/api/uploads/presign', 'http://evil.test/api/uploads/presign']) {
      const options = { method: 'POST', path: target, headers: { 'content-type': 'application/json' } };
      const { text } = await rawRequest(`${origin}/`, options, JSON.stringify(pngRequest));
      expect(JSON.parse(text).uploadUrl).toBe('https://storage.test/put');
    }
    expect(seen).toEqual([
      expect.objectContaining({ requestUrl: 'https://app.example/api/uploads/presign' }),
      expect.objectContaining({ requestUrl: 'https://app.example/api/uploads/presign' }),
    ]);
  });

  it('stops writing and cancels the answer body when the client goes away mid-answer', async () => {
    let canceled = false;
    let settled: Promise<void> | undefined;
    // An endless answer: only back-pressure and the client's disconnect bound it.
    const endless = toNodeHandler(async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull: (controller) => controller.enqueue(new Uint8Array(256 * 1024)),
          cancel: () => void (canceled = true),
        }),
      ),
    );
    const origin = await listen((req, res) => void (settled = endless(req, res)));
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${origin}/stream`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.once('error', reject);
      req.end();
    });
    // Before the fix the handler waited for a 'drain' that a closed socket never emits: it never settled.
    // A hang fails this test by its timeout; no clock of our own.
    await settled!;
    expect(canceled).toBe(true);
  });

  it('reuses a body an Express json middleware already parsed', async () => {
    const handler = toNodeHandler(createPresignHandler({ provider: spy }));
    // What express.json() leaves behind: the stream consumed, the object on req.body, req._body set.
    const expressJson = async (req: IncomingMessage & { body?: unknown; _body?: boolean }, res: ServerResponse) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      req.body = JSON.parse(text);
      req._body = true;
      await handler(req, res);
    };
    const origin = await listen(expressJson);
    const { status } = await readAnswer(await postJson(`${origin}/presign`, pngRequest));
    expect(status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("refuses an upload a body parser already read (Next.js pages' default, multer) instead of sending on mangled bytes", async () => {
    const forwarded: number[] = [];
    const proxy = createUploadProxyHandler({
      provider: pruna({
        apiKey: KEY,
        fetch: async (_url, init) => {
          forwarded.push((await new Response(init!.body).arrayBuffer()).byteLength);
          return Response.json({ id: 'f1', urls: { get: 'https://api.pruna.ai/v1/files/f1' } });
        },
      }),
    });
    const handler = toNodeHandler(proxy);
    /** A middleware that reads the whole stream first and leaves `parse(bytes)` on req.body. */
    const bodyParser = (parse: (bytes: Buffer) => unknown) => async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      req.body = parse(Buffer.concat(chunks));
      await handler(req, res);
    };
    // Next.js' pages API routes (default bodyParser) keep a non-JSON body as a UTF-8 string: bytes that are not UTF-8
    // (any image) become U+FFFD, so no string gives the file back. Multer and the like leave the text fields only.
    for (const parse of [(bytes: Buffer) => bytes.toString(), () => ({})]) {
      const origin = await listen(bodyParser(parse));
      const form = new FormData();
      form.append('content', new Blob([Uint8Array.from({ length: 4096 }, (_, i) => i % 256)], { type: 'image/png' }), 'a.png');
      const { status, body } = await readAnswer(await fetch(`${origin}/api/uploads/proxy`, { method: 'POST', body: form }));
      expect([status, body.error?.code]).toEqual([500, 'internal-error']);
      expect(body.error.message).toMatch(/body parser/);
    }
    expect(forwarded).toEqual([]);
  });

  it('streams a multipart upload through the proxy and answers 400 file-too-large over the limit', async () => {
    const prunaCalls: number[] = [];
    const fakePruna = await listen(async (req, res) => {
      let bytes = 0;
      try {
        for await (const chunk of req) bytes += chunk.length;
      } catch {
        return; // the proxy cut the upload off: nothing to answer
      }
      prunaCalls.push(bytes);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'f1', urls: { get: 'https://api.pruna.ai/v1/files/f1' } }));
    });
    const proxy = createUploadProxyHandler({ provider: pruna({ apiKey: KEY, baseUrl: fakePruna }), maxSize: 256 * 1024 });
    const origin = await listen(toNodeHandler(proxy));
    const upload = (size: number) => {
      const form = new FormData();
      form.append('content', new Blob([new Uint8Array(size)], { type: 'image/png' }), 'a.png');
      return fetch(`${origin}/api/uploads/proxy`, { method: 'POST', body: form });
    };
    const ok = await readAnswer(await upload(100 * 1024));
    expect(ok.status).toBe(200);
    expect(ok.body.urls.get).toBe('https://api.pruna.ai/v1/files/f1');
    expect(prunaCalls[0]).toBeGreaterThan(100 * 1024);

    const tooBig = await readAnswer(await upload(4 * 1024 * 1024));
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.code).toBe('file-too-large');
    expect(prunaCalls).toHaveLength(1);

    // No Content-Length (a chunked stream): the proxy counts bytes and stops mid-stream, and the client still
    // reads the 400 rather than a reset connection.
    const boundary = 'b0undary';
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks += 1;
        if (chunks === 1) controller.enqueue(head);
        else if (chunks < 300) controller.enqueue(new Uint8Array(64 * 1024));
        else controller.close();
      },
    });
    const streamed = await fetch(`${origin}/api/uploads/proxy`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
      redirect: 'error',
    } as RequestInit);
    const cut = await readAnswer(streamed);
    expect(cut.status).toBe(400);
    expect(cut.body.error.code).toBe('file-too-large');
    expect(streamed.headers.get('connection')).toBe('close');
  });
});
