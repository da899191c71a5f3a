// createUploadProxyHandler streams a multipart upload to pruna: all bytes arrive, it reads no further ahead of pruna
// than a chunk (so it never holds the file), maxSize cuts it off.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUploadProxyHandler, pruna, toNodeHandler } from '../../src/server';
import { KEY, readAnswer } from './helpers';

const MB = 1024 * 1024;
const BOUNDARY = '----media-uploader-test-boundary';
const CHUNK = 64 * 1024;

interface Received {
  apikey: string | undefined;
  contentType: string | undefined;
  bytes: number;
  head: string;
  tail: string;
  aborted: boolean;
}

let fakePruna: Server;
let prunaUrl: string;
let received: Received[] = [];
let prunaStatus = 200;

/** A stand-in for api.pruna.ai: counts what it gets without keeping it, answers a file object. */
beforeAll(async () => {
  fakePruna = createServer((req: IncomingMessage, res) => {
    const seen: Received = {
      apikey: req.headers.apikey as string | undefined,
      contentType: req.headers['content-type'],
      bytes: 0,
      head: '',
      tail: '',
      aborted: false,
    };
    received.push(seen);
    req.on('data', (chunk: Buffer) => {
      if (seen.head.length < 300) seen.head += chunk.subarray(0, 300).toString('latin1');
      seen.tail = (seen.tail + chunk.subarray(-100).toString('latin1')).slice(-100);
      seen.bytes += chunk.length;
    });
    req.on('aborted', () => (seen.aborted = true));
    req.on('error', () => (seen.aborted = true));
    req.on('end', () => {
      if (prunaStatus !== 200) {
        res.writeHead(prunaStatus, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: `Invalid API key ${seen.apikey}` }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'fqadqq42xq',
          name: 'big.mp4',
          content_type: 'video/mp4',
          size: seen.bytes,
          urls: { get: 'https://api.pruna.ai/v1/files/fqadqq42xq' },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => fakePruna.listen(0, '127.0.0.1', resolve));
  prunaUrl = `http://127.0.0.1:${(fakePruna.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => fakePruna.close(resolve)));
beforeEach(() => {
  received = [];
  prunaStatus = 200;
});

const partHead = (type = 'video/mp4', field = 'content') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="big.mp4"\r\nContent-Type: ${type}\r\n\r\n`;
const partTail = `\r\n--${BOUNDARY}--\r\n`;

/** A multipart body generated chunk by chunk: `size` file bytes, never held in one buffer. */
function multipartStream(size: number, head = partHead()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let sent = -1;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent === -1) {
          controller.enqueue(encoder.encode(head));
          sent = 0;
        } else if (sent < size) {
          const length = Math.min(CHUNK, size - sent);
          controller.enqueue(new Uint8Array(length).fill(sent % 251));
          sent += length;
        } else {
          controller.enqueue(encoder.encode(partTail));
          controller.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
}

const multipartRequest = (url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

const proxy = (options: { maxSize?: number; accept?: string[] } = {}) =>
  createUploadProxyHandler({ provider: pruna({ apiKey: KEY, baseUrl: prunaUrl }), ...options });

describe('createUploadProxyHandler with pruna', () => {
  it('streams 100 MB through a node:http app to pruna, byte for byte', async () => {
    const app = createServer(toNodeHandler(proxy()));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/uploads/proxy`;
    try {
      const size = 100 * MB;
      // fetch(url, init) with redirect 'error': otherwise undici tees the body for a possible redirect and the
      // unread branch holds the whole upload (nodejs/undici#4058) in this test's client, hiding what the proxy does.
      const response = await fetch(appUrl, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: multipartStream(size),
        duplex: 'half',
        redirect: 'error',
      } as RequestInit);
      const { status, body } = await readAnswer(response);
      expect(status).toBe(200);
      expect(body.urls.get).toBe('https://api.pruna.ai/v1/files/fqadqq42xq');

      expect(received).toHaveLength(1);
      const [seen] = received as [Received];
      expect(seen.apikey).toBe(KEY);
      // The file is re-wrapped under the proxy's own boundary and part headers, byte for byte otherwise.
      const ours = /^multipart\/form-data; boundary=(media-uploader-[\w-]+)$/.exec(seen.contentType ?? '')?.[1];
      expect(ours).toBeDefined();
      const head = `--${ours}\r\nContent-Disposition: form-data; name="content"; filename="upload.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
      const tail = `\r\n--${ours}--\r\n`;
      expect(seen.bytes).toBe(head.length + size + tail.length);
      expect(seen.head.startsWith(head)).toBe(true);
      expect(seen.tail.endsWith(tail)).toBe(true);
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it('never reads the browser\'s body more than a chunk ahead of what pruna has read', async () => {
    // The browser's side counts what the proxy pulled; pruna's side (the provider's fetch) reads slowly and,
    // at every read, compares. A proxy that buffered the file would pull far ahead of pruna.
    let pulled = 0;
    let consumed = 0;
    let lead = 0;
    const counted = multipartStream(20 * MB).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    const slowPruna = async (_url: RequestInfo | URL, init?: RequestInit) => {
      const reader = (init!.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        consumed += value.byteLength;
        lead = Math.max(lead, pulled - consumed);
        await new Promise((resolve) => setImmediate(resolve)); // give the proxy every chance to read ahead
      }
      return Response.json({ id: 'f1', urls: { get: 'https://api.pruna.ai/v1/files/f1' } });
    };
    const handler = createUploadProxyHandler({ provider: pruna({ apiKey: KEY, fetch: slowPruna }) });
    const { status } = await readAnswer(await handler(multipartRequest('https://app.example/api/uploads/proxy', counted)));
    expect(status).toBe(200);
    expect(consumed).toBeGreaterThan(20 * MB);
    // One source chunk in the proxy's hands, one in the pipe, plus part headers: never the file.
    expect(lead).toBeLessThanOrEqual(3 * CHUNK);
  });

  it('cuts an upload over maxSize off mid-stream with 400 file-too-large', async () => {
    let pulled = 0;
    const source = multipartStream(20 * MB);
    const counted = source.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    const { status, body } = await readAnswer(
      await proxy({ maxSize: 1 * MB })(multipartRequest('https://app.example/api/uploads/proxy', counted)),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe('file-too-large');
    // Reading stopped shortly after the limit, and pruna got no complete file.
    expect(pulled).toBeLessThan(3 * MB);
    await vi.waitFor(() => expect(received.every((seen) => seen.aborted || seen.bytes <= 1 * MB + 1024)).toBe(true));
    expect(received.every((seen) => !seen.tail.endsWith(partTail))).toBe(true);
  });

  it('refuses a declared Content-Length over maxSize before reading anything', async () => {
    const response = await proxy({ maxSize: 1 * MB })(
      multipartRequest('https://app.example/api/uploads/proxy', multipartStream(10), { 'content-length': String(50 * MB) }),
    );
    const { status, body } = await readAnswer(response);
    expect([status, body.error.code]).toEqual([400, 'file-too-large']);
    expect(received).toHaveLength(0);
  });

  it('checks the file part type against accept before sending a byte', async () => {
    const response = await proxy({ accept: ['image/*'] })(
      multipartRequest('https://app.example/api/uploads/proxy', multipartStream(1000, partHead('text/html'))),
    );
    const { status, body } = await readAnswer(response);
    expect([status, body.error.code]).toEqual([400, 'file-invalid-type']);
    expect(received).toHaveLength(0);
  });

  it('wants the file in pruna\'s "content" field and a multipart body', async () => {
    let answer = await readAnswer(
      await proxy()(multipartRequest('https://app.example/p', multipartStream(10, partHead('video/mp4', 'file')))),
    );
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid-request']);
    answer = await readAnswer(
      await proxy()(new Request('https://app.example/p', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })),
    );
    expect([answer.status, answer.body.error.code]).toEqual([415, 'invalid-request']);
    answer = await readAnswer(await proxy()(new Request('https://app.example/p')));
    expect(answer.status).toBe(405);
    expect(received).toHaveLength(0);
  });

  /** A whole multipart body from text parts, sent in one piece. */
  const rawRequest = (text: string) =>
    new Request('https://app.example/api/uploads/proxy', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: text,
    });
  const filePart = (name: string, filename: string, type: string, data: string, extra = '') =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n${extra}Content-Type: ${type}\r\n\r\n${data}\r\n`;

  it('forwards only the "content" file: a second file or an extra field after it is refused, never stored', async () => {
    const smuggled = [
      filePart('content', 'cat.png', 'image/png', 'PNGDATA') +
        filePart('content', 'evil.html', 'text/html', '<script>alert(1)</script>') +
        `--${BOUNDARY}--\r\n`,
      filePart('content', 'cat.png', 'image/png', 'PNGDATA') +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"public":true}\r\n--${BOUNDARY}--\r\n`,
    ];
    for (const text of smuggled) {
      received = [];
      const { status, body } = await readAnswer(await proxy({ accept: ['image/*'] })(rawRequest(text)));
      expect([status, body.error.code]).toEqual([400, 'invalid-request']);
      // pruna saw at most the first file's bytes, never the second part or a complete form it could store.
      // (A late request from an earlier test may land in `received`: look only at this upload's.)
      const mine = () => received.filter((seen) => seen.head.includes('filename="upload.png"'));
      await vi.waitFor(() => expect(mine().map((seen) => seen.aborted)).toEqual([true]));
      for (const seen of mine()) {
        expect(seen.head + seen.tail).not.toMatch(/evil|text\/html|metadata/);
        expect(seen.tail).not.toMatch(/--\r\n$/);
      }
    }
  });

  it('sends pruna its own part headers: the client\'s filename and extra part headers stay behind', async () => {
    const text =
      filePart('content', '../../etc/passwd.png', 'image/png', 'PNGDATA', 'X-Injected: yes\r\n') + `--${BOUNDARY}--\r\n`;
    const { status } = await readAnswer(await proxy()(rawRequest(text)));
    expect(status).toBe(200);
    const seen = received.find((candidate) => candidate.head.includes('PNGDATA'))!;
    expect(seen.head).toContain('Content-Disposition: form-data; name="content"; filename="upload.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n');
    expect(seen.head).not.toMatch(/passwd|X-Injected/);
  });

  it('refuses an empty file (minSize) and a part type that is not a MIME type', async () => {
    let answer = await readAnswer(await proxy()(rawRequest(filePart('content', 'a.png', 'image/png', '') + `--${BOUNDARY}--\r\n`)));
    expect([answer.status, answer.body.error.code]).toEqual([400, 'file-too-small']);
    answer = await readAnswer(await proxy()(rawRequest(filePart('content', 'a.png', 'image/png"x', 'D') + `--${BOUNDARY}--\r\n`)));
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid-request']);
  });

  it('aborts the upload to pruna when the browser goes away mid-upload, with nothing left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let settled = false;
    const handler = toNodeHandler(proxy());
    const app = createServer((req, res) => void handler(req, res).then(() => (settled = true)));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const req = httpRequest(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/uploads/proxy`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      });
      req.on('error', () => {});
      req.write(partHead());
      for (let i = 0; i < 16; i++) req.write(new Uint8Array(CHUNK));
      await vi.waitFor(() => expect(received[0]?.bytes).toBeGreaterThan(0));
      req.destroy();
      await vi.waitFor(() => expect(received[0]?.aborted).toBe(true), 5000);
      await vi.waitFor(() => expect(settled).toBe(true), 5000);
      // Node reports an unhandled rejection once the microtasks of a macrotask are done: one turn is enough.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it('maps a pruna 401 to 502 provider-unauthorized without the key', async () => {
    prunaStatus = 401;
    const { status, body } = await readAnswer(
      await proxy()(multipartRequest('https://app.example/api/uploads/proxy', multipartStream(1000))),
    );
    expect(status).toBe(502);
    expect(body.error.code).toBe('provider-unauthorized');
    expect(body.error.message).toContain('[redacted]');
  });
});
