// Node's http (and Express, Connect, Fastify's raw mode) in front of a Web-standard handler, streaming both ways.
// Type-only node imports: the server entry must still load on edge runtimes that have no node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from './createPresignHandler';
import { errorResponse, HttpError } from './errors';
import { JSON_TYPE } from './readBody';

export interface NodeHandlerOptions {
  /** The app's public origin (`https://app.example`), used to build `request.url`; else taken from the Host header. */
  origin?: string;
}

type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string; _body?: boolean };

/** Adapts a `(Request) => Promise<Response>` handler to `(req, res)`; bodies are streamed, never buffered. */
export function toNodeHandler(handler: RequestHandler, options: NodeHandlerOptions = {}) {
  return async (req: NodeRequest, res: ServerResponse): Promise<void> => {
    const abort = new AbortController();
    // 'close' on the response before it finished means the client went away: stop the provider call too.
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let request: Request;
    try {
      request = toRequest(req, options, abort.signal);
    } catch (error) {
      // Not the server failing: a method fetch cannot carry (TRACE, TRACK) or a Host header that is no host.
      const forbidden = /^(connect|trace|track)$/i.test(req.method ?? '');
      const refusal =
        error instanceof HttpError
          ? error
          : forbidden
            ? new HttpError(405, 'method-not-allowed', `${req.method} is not supported here.`)
            : new HttpError(400, 'invalid-request', 'The request target or Host header is not valid.');
      return writeResponse(errorResponse(refusal), res);
    }
    try {
      const response = await handler(request);
      // An answer before the whole body was read (a rejected upload): keeping the connection would mean
      // reading the rest of the body first, so close it once the answer is out.
      if (!req.complete && !res.headersSent) res.setHeader('connection', 'close');
      await writeResponse(response, res);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ error: { code: 'internal-error', message: 'The upload server failed unexpectedly.' } }));
      } else {
        res.destroy(error instanceof Error ? error : undefined);
      }
    }
  };
}

/** Bodies a parser keeps whole as text or an object: JSON, text and urlencoded forms. */
const isTextType = (type: string) => JSON_TYPE.test(type) || /^(text\/|application\/x-www-form-urlencoded)/i.test(type);

function toRequest(req: NodeRequest, options: NodeHandlerOptions, signal: AbortSignal): Request {
  const origin = options.origin ?? `${'encrypted' in req.socket ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  const url = new URL(origin);
  // Only the path and query come from the request target: resolved against the origin, `//evil.test/x` or an
  // absolute-form `http://evil.test/x` would replace the configured host with one the client chose.
  const target = new URL(req.originalUrl ?? req.url ?? '/', 'http://target.invalid');
  url.pathname = target.pathname;
  url.search = target.search;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (method !== 'GET' && method !== 'HEAD') {
    // Express body parsers read the stream and leave the result on req.body: hand that on instead of a spent stream.
    if (req._body === true || req.readableEnded) {
      const parsed = req.body;
      // Only bytes give a file back. Next.js' pages API routes keep a multipart body as a UTF-8 string (every byte
      // that is not UTF-8 replaced: sent on, a broken file is stored); multer and the like leave only the text fields.
      if (!(parsed instanceof Uint8Array) && !isTextType(headers.get('content-type') ?? 'text/plain')) {
        throw new HttpError(
          500,
          'internal-error',
          'A body parser read this upload before the handler; mount the route without one (Next.js pages: export const config = { api: { bodyParser: false } }).',
        );
      }
      if (parsed instanceof Uint8Array || typeof parsed === 'string') init.body = parsed as BodyInit;
      else if (parsed !== undefined) init.body = JSON.stringify(parsed);
      headers.delete('content-length');
    } else {
      init.body = streamOf(req);
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/** The request body as a stream with back-pressure: the socket is paused while the handler has 64 KB unread. */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  let push = (_chunk: Buffer) => {};
  const settle = (end: () => void) => {
    if (settled) return;
    settled = true;
    req.off('data', push);
    end();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        push = (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        req.pause();
        req.on('data', push);
        req.once('end', () => settle(() => controller.close()));
        req.once('error', (error) => settle(() => controller.error(error)));
        // 'close' before 'end': the client went away mid-body.
        req.once('close', () => settle(() => controller.error(new Error('The client closed the connection.'))));
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The handler stopped reading (a body over the limit): discard the rest rather than cut the socket
        // before the answer is written; writeResponse has Node close the connection after it.
        settle(() => req.resume());
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A client gone mid-answer never sends 'drain': cancel the body (a pending read ends) instead of waiting forever.
  const onClose = () => void reader.cancel().catch(() => {});
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      // Respect back-pressure: wait for 'drain' instead of queueing the whole body in memory.
      if (!res.write(value)) await drained(res);
    }
  } finally {
    res.off('close', onClose);
    if (res.destroyed) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  res.end();
}

/** Resolves on 'drain', or on 'close' when the client went away and no 'drain' will come. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
