#!/usr/bin/env node
// `npm start` (through scripts/setup.mjs, which brings Node 22 and node_modules first): the demo page plus everything it needs, on this machine only. No account, no network.
//   - an embedded S3 (@20minutes/s3rver, which checks SigV4 signatures) keeping objects under .data/
//   - POST /api/presign: media-uploader/server's createPresignHandler with the s3() provider
//   - a Vite dev server for demo/, which imports `media-uploader` straight from src/index.ts
// Env: PORT (default 5173; 0 picks a free port), MEDIA_UPLOADER_DATA_DIR (default .data/s3),
// MEDIA_UPLOADER_PROVIDER=eachlabs|modelroute|apimodels|pruna with MEDIA_UPLOADER_API_KEY to presign
// against a real provider instead of the local S3.
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const HOST = '127.0.0.1';
const BUCKET = 'media';
const REMOTE_PROVIDERS = ['eachlabs', 'modelroute', 'apimodels', 'pruna'];

function fail(message) {
  console.error(`\nmedia-uploader demo: ${message}\n`);
  process.exit(1);
}

// Checked before anything else loads: on an older Node, or before `npm ci`, the failures are obscure
// (`Promise.withResolvers is not a function`, an ERR_MODULE_NOT_FOUND stack).
const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number);
if (nodeMajor < 22 || (nodeMajor === 22 && nodeMinor < 22)) {
  fail(`needs Node 22.22 or newer (package.json devEngines); this is Node ${process.versions.node}. \`npm start\` brings it.`);
}
let S3rver, S3Client, react, createViteServer;
try {
  [{ default: S3rver }, { S3Client }, { default: react }, { createServer: createViteServer }] = await Promise.all([
    import('@20minutes/s3rver'),
    import('@aws-sdk/client-s3'),
    import('@vitejs/plugin-react'),
    import('vite'),
  ]);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  fail(`the dev dependencies are not installed (${error.message.split(' imported from')[0]}). Run \`npm ci\` first, or \`npm start\`, which does.`);
}

const env = process.env;
const requestedPort = env.PORT === undefined || env.PORT === '' ? 5173 : Number(env.PORT);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  fail(`PORT must be a port number (0 picks a free one), not "${env.PORT}".`);
}
const providerName = (env.MEDIA_UPLOADER_PROVIDER ?? '').trim().toLowerCase() || 'local-s3';
if (providerName !== 'local-s3' && !REMOTE_PROVIDERS.includes(providerName)) {
  fail(`MEDIA_UPLOADER_PROVIDER must be one of ${REMOTE_PROVIDERS.join(', ')} (or unset for the local S3), not "${providerName}".`);
}
const apiKey = env.MEDIA_UPLOADER_API_KEY?.trim();
if (providerName !== 'local-s3' && !apiKey) {
  fail(
    `MEDIA_UPLOADER_PROVIDER=${providerName} needs that provider's API key in MEDIA_UPLOADER_API_KEY.\n` +
      `The key stays in this Node process; the browser only ever sees presigned URLs.\n` +
      `Unset MEDIA_UPLOADER_PROVIDER to use the built-in local S3 instead (no key needed).`,
  );
}
const dataDir = resolve(repo, env.MEDIA_UPLOADER_DATA_DIR || '.data/s3');

const PORT_ATTEMPTS = 20;

/** Listens on `port`, or on the next free one when it is taken (a fixed port is nicer to bookmark). */
async function listen(server, port) {
  for (let attempt = 0; ; attempt++) {
    const candidate = port === 0 ? 0 : port + attempt;
    try {
      await new Promise((resolvePromise, reject) => {
        // Both listeners go, whichever fires: a failed attempt's 'listening' callback would otherwise pile up.
        const onError = (error) => {
          server.off('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolvePromise();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(candidate, HOST);
      });
      return server.address().port;
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || port === 0 || attempt >= PORT_ATTEMPTS || candidate >= 65535) throw error;
    }
  }
}

/** What to tell the user when no port could be had. */
function listenFailure(error) {
  if (error.code === 'EADDRINUSE') {
    const last = Math.min(requestedPort + PORT_ATTEMPTS, 65535);
    return `ports ${requestedPort}-${last} on ${HOST} are all in use. Free one, or set PORT (PORT=0 picks a free port).`;
  }
  if (error.code === 'EACCES') return `port ${requestedPort} needs more privileges here: use PORT above 1023 (PORT=0 picks a free port).`;
  return `could not listen on ${HOST}:${requestedPort} (${error.code ?? error.message}).`;
}

/** The bucket's CORS rules: only the demo page's origin may PUT, with exactly the headers presigned URLs sign. */
function corsXml(origins) {
  const allowedOrigins = origins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('');
  return `<CORSConfiguration><CORSRule>${allowedOrigins}
    <AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>content-type</AllowedHeader><AllowedHeader>x-amz-meta-*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule></CORSConfiguration>`;
}

async function startStorage(pageOrigins) {
  mkdirSync(dataDir, { recursive: true });
  const s3rver = new S3rver({
    address: HOST,
    port: 0,
    directory: dataDir,
    silent: true,
    configureBuckets: [{ name: BUCKET, configs: [corsXml(pageOrigins)] }],
  });
  const { port } = await s3rver.run();
  return { s3rver, origin: `http://${HOST}:${port}` };
}

/** The server entry is TypeScript: Vite's SSR loader compiles it, no extra tooling. */
async function createRoutes(vite, storageOrigin) {
  const server = await vite.ssrLoadModule(resolve(repo, 'src/server/index.ts'));
  const routes = new Map();
  if (providerName === 'local-s3') {
    const client = new S3Client({
      endpoint: storageOrigin,
      region: 'us-east-1',
      forcePathStyle: true,
      // A default client, as an app would make one: the s3 provider keeps the SDK's empty-body checksum out of the URL.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const provider = server.s3({ client, bucket: BUCKET, publicBaseUrl: `${storageOrigin}/${BUCKET}` });
    routes.set('/api/presign', server.toNodeHandler(server.createPresignHandler({ provider })));
  } else {
    const provider = server[providerName]({ apiKey });
    // pruna takes "a file (image or video)": the demo's audio field gets a clear 400 here, not pruna's rejection.
    const accept = providerName === 'pruna' ? ['image/*', 'video/*'] : undefined;
    routes.set('/api/presign', server.toNodeHandler(server.createPresignHandler({ provider, accept })));
    if (providerName === 'pruna') {
      // Pruna only takes multipart uploads with the key: the browser posts to this proxy, which streams on.
      routes.set('/api/uploads/proxy', server.toNodeHandler(server.createUploadProxyHandler({ provider, accept })));
    }
  }
  return routes;
}

const httpServer = createHttpServer();
const vite = await createViteServer({
  configFile: false,
  root: resolve(repo, 'demo'),
  appType: 'spa',
  logLevel: 'warn',
  clearScreen: false,
  plugins: [react()],
  resolve: {
    alias: [
      // The demo uses the package by its public name, served from source.
      { find: /^media-uploader$/, replacement: resolve(repo, 'src/index.ts') },
      { find: /^media-uploader\/styles\.css$/, replacement: resolve(repo, 'src/react/styles.css') },
    ],
  },
  define: { __DEMO_PROVIDER__: JSON.stringify(providerName) },
  cacheDir: resolve(repo, 'node_modules/.vite/demo'),
  // Pre-bundled up front: a dependency found late makes Vite reload the page under the user (or a test).
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-dev-runtime',
      'react-dom',
      'react-dom/client',
      '@tanstack/query-core',
      '@tanstack/react-query',
    ],
  },
  server: {
    middlewareMode: true,
    hmr: { server: httpServer },
    fs: { allow: [repo] },
  },
});

// Requests can arrive before storage is up: the API routes wait for it instead of answering 404.
const apiRoutes = Promise.withResolvers();
apiRoutes.promise.catch(() => {}); // a failed start is reported below, not as an unhandled rejection
const apiPaths = new Set(['/api/presign', '/api/uploads/proxy']);

httpServer.on('request', async (req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!apiPaths.has(pathname)) return vite.middlewares(req, res);
  try {
    const handler = (await apiRoutes.promise).get(pathname);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'not-found', message: `${pathname} is not mounted with this provider.` } }));
    }
    await handler(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'demo-server-error', message: 'The demo server failed; see its terminal.' } }));
  }
});

let storage;
let stopping = false;
const port = await listen(httpServer, requestedPort).catch(async (error) => {
  await vite.close().catch(() => {});
  fail(listenFailure(error));
});
const url = `http://${HOST}:${port}/`;
try {
  // A real provider stores the files itself: the local S3 runs only when no provider is chosen.
  if (providerName === 'local-s3') storage = await startStorage([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  apiRoutes.resolve(await createRoutes(vite, storage?.origin));
} catch (error) {
  apiRoutes.reject(error);
  console.error(error);
  await shutdown(1);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  // Keep-alive sockets would hold the HTTP server open for seconds.
  httpServer.closeAllConnections?.();
  await Promise.allSettled([
    vite.close(),
    new Promise((resolvePromise) => httpServer.close(resolvePromise)),
    storage?.s3rver.close(),
  ]);
  process.exit(code);
}
process.once('SIGINT', () => shutdown(0));
process.once('SIGTERM', () => shutdown(0));
process.once('SIGHUP', () => shutdown(0)); // the terminal closed

const storageLine =
  providerName === 'local-s3'
    ? `local S3 (s3rver) at ${storage.origin}/${BUCKET}, files in ${dataDir}`
    : `${providerName}, reached by this server with MEDIA_UPLOADER_API_KEY (the key never reaches the browser)`;
console.log(`
  media-uploader demo

  Open:      ${url}
  Presign:   POST ${url}api/presign
  Storage:   ${storageLine}

  Press Ctrl-C to stop.
`);
