// The bench's two loopback origins: the page (static build + a presign route, as an app would have) and a
// storage sink on another origin, so every PUT pays the CORS preflight a real bucket costs.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-expose-headers': 'etag',
};

// `slow` PUTs drain in sips, as test/browser/globalSetup.ts does: TCP back-pressure then makes Chromium send
// slowly enough to fire many progress events (the commit-rate scenario needs them).
const SLOW_SIP_DELAY_MS = 4;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

function close(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function drain(request, slow) {
  return new Promise((resolve, reject) => {
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (!slow) return;
      request.pause();
      setTimeout(() => request.resume(), SLOW_SIP_DELAY_MS);
    });
    request.on('end', () => resolve(size));
    request.on('error', reject);
  });
}

/** Starts both servers on free ports; `pageDir` is the built bench page. */
export async function startBenchServers(pageDir) {
  const stats = { presigns: 0, puts: 0, bytes: 0 };
  let sinkOrigin = '';
  let next = 0;

  const sink = createServer(async (request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS);
      response.end();
      return;
    }
    if (request.method !== 'PUT') {
      response.writeHead(404, CORS);
      response.end();
      return;
    }
    try {
      const slow = new URL(request.url ?? '/', 'http://x').searchParams.has('slow');
      stats.bytes += await drain(request, slow);
      stats.puts++;
      response.writeHead(200, { ...CORS, etag: `"${stats.puts}"` });
      response.end();
    } catch {
      // The browser aborted (cancel, unmount): nothing to answer.
      response.destroy();
    }
  });

  const page = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.method === 'POST' && url.pathname === '/presign') {
      const body = JSON.parse((await readBody(request)) || '{}');
      const delay = Number(url.searchParams.get('delay') ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const key = `${++next}-${String(body.filename ?? 'file').replace(/[^\w.-]/g, '_')}`;
      const slow = url.searchParams.has('slow') ? '?slow' : '';
      stats.presigns++;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(
        JSON.stringify({
          uploadUrl: `${sinkOrigin}/put/${key}${slow}`,
          method: 'PUT',
          headers: { 'Content-Type': String(body.contentType ?? 'application/octet-stream') },
          publicUrl: `https://cdn.bench.invalid/${key}`,
        }),
      );
      return;
    }
    const file = normalize(join(pageDir, url.pathname === '/' ? 'index.html' : url.pathname));
    if (request.method !== 'GET' || !file.startsWith(pageDir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });

  sinkOrigin = await listen(sink);
  const pageOrigin = await listen(page);
  return {
    pageOrigin,
    sinkOrigin,
    stats,
    close: () => Promise.all([close(page), close(sink)]),
  };
}
