// The bad-input matrix, server side: each bad request (or bad provider answer) gets a status and a stable code with
// a sentence, never a crash, a stack or the key; and nothing the browser sent chooses a URL, a host or a key.
import { createPresignHandler, createUploadProxyHandler, modelroute, pruna, type UploadProvider } from '../../src/server';
import type { PresignRequest } from '../../src/server';
import { KEY, pngRequest, presignRequest, readAnswer } from './helpers';

/** A provider that records what reached it and answers a fixed target: the handler's checks come first. */
function spyProvider() {
  const seen: PresignRequest[] = [];
  const provider: UploadProvider = {
    name: 'spy',
    async presign(req) {
      seen.push(req);
      return { uploadUrl: 'https://bucket.example.com/k1', method: 'PUT', publicUrl: 'https://cdn.example.com/k1.png' };
    },
  };
  return { seen, provider };
}

/** A provider's API answering `answer` to every call, through the provider's documented `fetch` option. */
const answering = (answer: () => Response) => modelroute({ apiKey: KEY, fetch: async () => answer() });

/** The status, the stable code and the words; `sentence`: our own words end as a sentence (a provider's are kept as sent). */
async function expectError(response: Response, status: number, code: string, words: RegExp, sentence = true) {
  const { body } = await readAnswer(response);
  expect(response.status).toBe(status);
  expect(body).toEqual({ error: { code, message: expect.stringMatching(words) } });
  if (sentence) expect(body.error.message).toMatch(/\.$/);
}

describe('presign handler: bad requests', () => {
  const { seen, provider } = spyProvider();
  const handler = createPresignHandler({ provider, accept: ['image/*', 'video/mp4'], maxSize: 10 * 1024 * 1024 });
  afterEach(() => void (seen.length = 0));

  test.each([
    ['malformed JSON', presignRequest('{"filename": "a.png",'), 400, 'invalid-request', /^The body is not valid JSON\.$/],
    ['a 1 MB body', presignRequest(JSON.stringify({ ...pngRequest, pad: 'x'.repeat(1024 * 1024) })), 413, 'invalid-request', /larger than 16 KB/],
    ['a text/plain Content-Type (what a cross-site form can post)', presignRequest(pngRequest, { headers: { 'content-type': 'text/plain' } }), 415, 'invalid-request', /Content-Type: application\/json/],
    ['a negative size', presignRequest({ ...pngRequest, size: -1 }), 400, 'invalid-request', /"size" must be a whole number of bytes/],
    ['a fractional size', presignRequest({ ...pngRequest, size: 10.5 }), 400, 'invalid-request', /"size" must be a whole number of bytes/],
    ['a huge size (not a safe integer)', presignRequest({ ...pngRequest, size: 1e300 }), 400, 'invalid-request', /"size" must be a whole number of bytes/],
    ['a size over maxSize', presignRequest({ ...pngRequest, size: 11 * 1024 * 1024 }), 400, 'file-too-large', /^The file is 11 MB; the limit is 10 MB\.$/],
    // Issue 6's rule on the server too, whose words the widget now shows: never "10 MB; the limit is 10 MB".
    ['a size just over maxSize', presignRequest({ ...pngRequest, size: 10 * 1024 * 1024 + 20_000 }), 400, 'file-too-large', /^The file is 10\.02 MB; the limit is 10 MB\.$/],
    ['a type outside the allow-list', presignRequest({ ...pngRequest, contentType: 'text/html' }), 400, 'file-invalid-type', /^Files of type text\/html are not accepted; use /],
    ['a type that is a pattern, not a type', presignRequest({ ...pngRequest, contentType: 'image/*' }), 400, 'invalid-request', /"contentType" must be a MIME type/],
    ['a GET', new Request('https://app.example/api/uploads/presign'), 405, 'method-not-allowed', /Use POST/],
  ])('%s: a status and a code, the provider never called', async (_, request, status, code, words) => {
    await expectError(await handler(request), status, code, words);
    expect(seen).toEqual([]);
  });

  test('path traversal in the filename: the provider gets a neutral name with a safe extension', async () => {
    const response = await handler(presignRequest({ ...pngRequest, filename: '../../../etc/passwd.png' }));
    expect(response.status).toBe(200);
    expect(seen[0]!.filename).toBe('upload.png');
  });

  test('a browser-chosen URL or host is never forwarded: extra fields, Host and X-Forwarded-Host change nothing', async () => {
    const body = { ...pngRequest, uploadUrl: 'https://evil.example/steal', url: 'https://evil.example', host: 'evil.example', key: '../other-user/avatar.png' };
    const response = await handler(presignRequest(body, { headers: { 'content-type': 'application/json', 'x-forwarded-host': 'evil.example' } }));
    const { body: answer } = await readAnswer(response);
    expect(seen).toEqual([{ filename: 'upload.png', contentType: 'image/png', size: 2048, fileType: 'image' }]);
    expect(JSON.stringify(answer)).not.toContain('evil.example');
    expect(JSON.stringify(answer)).not.toContain('other-user');
  });
});

describe('presign handler: authorize and provider failures', () => {
  test('authorize throwing: 401 unauthorized, the app\'s own error never shown', async () => {
    const { provider, seen } = spyProvider();
    const handler = createPresignHandler({ provider, authorize: () => { throw new Error('session 42 of alice@example.com expired'); } });
    const response = await handler(presignRequest());
    await expectError(response.clone(), 401, 'unauthorized', /^Sign in to upload files\.$/);
    expect(await response.text()).not.toContain('alice');
    expect(seen).toEqual([]);
  });

  test.each([
    ['401 (a wrong key)', () => Response.json({ error: { message: `Invalid key ${KEY}` } }, { status: 401 }), 502, 'provider-unauthorized', /^modelroute refused the server's API key: Invalid key \[redacted\]/],
    ['500', () => Response.json({ error: { message: 'Internal failure' } }, { status: 500 }), 502, 'provider-error', /^modelroute failed: Internal failure/],
    ['an HTML page with 200', () => new Response('<html><body>Gateway</body></html>', { headers: { 'content-type': 'text/html' } }), 502, 'provider-invalid-response', /^modelroute sent an unexpected answer/],
  ])('the provider answers %s: 502 with a stable code, its words kept, its key never echoed', async (_, answer, status, code, words) => {
    await expectError(await createPresignHandler({ provider: answering(answer) })(presignRequest()), status, code, words, false);
  });

  test('the provider never answers: 504 provider-timeout once timeoutMs passes', async () => {
    const never = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const handler = createPresignHandler({ provider: modelroute({ apiKey: KEY, timeoutMs: 50, fetch: never }) });
    await expectError(await handler(presignRequest()), 504, 'provider-timeout', /^modelroute did not answer within 0\.05 s; try again\.$/);
  });
});

describe('upload proxy (pruna): bad multipart bodies', () => {
  const BOUNDARY = 'xYzBoundary';
  const part = (name: string, filename: string, type: string, data: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${data}`;
  const post = (body: string) =>
    new Request('https://app.example/api/uploads/proxy', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body,
    });
  let forwarded: string[];
  const handler = createUploadProxyHandler({
    provider: pruna({
      apiKey: KEY,
      fetch: async (_url, init) => {
        forwarded.push(await new Response(init!.body).text());
        return Response.json({ id: 'f1', urls: { get: 'https://api.pruna.ai/v1/files/f1' } });
      },
    }),
  });
  beforeEach(() => void (forwarded = []));

  test('a truncated body (no closing boundary): 400 invalid-request, pruna given no whole file', async () => {
    await expectError(await handler(post(part('content', 'a.png', 'image/png', 'PNGDATA-cut-off-he'))), 400, 'invalid-request', /^The multipart body ended before its closing boundary\.$/);
    expect(forwarded.every((body) => !body.endsWith('--\r\n'))).toBe(true);
  });

  test('a second file part: 400 invalid-request, the second file never forwarded', async () => {
    const body = `${part('content', 'a.png', 'image/png', 'FIRST')}\r\n${part('content', 'b.png', 'image/png', 'SECOND')}\r\n--${BOUNDARY}--\r\n`;
    await expectError(await handler(post(body)), 400, 'invalid-request', /^Send one file only, in the form field "content"\.$/);
    expect(forwarded.join('')).not.toContain('SECOND');
  });

  test('an SVG part under the default accept: 400 file-invalid-type before any byte goes on', async () => {
    const svg = `${part('content', 'x.svg', 'image/svg+xml', '<svg><script>alert(1)</script></svg>')}\r\n--${BOUNDARY}--\r\n`;
    await expectError(await handler(post(svg)), 400, 'file-invalid-type', /can carry scripts/);
    expect(forwarded).toEqual([]);
  });

  test('a file part outside the allow-list (text/html): 400 file-invalid-type before any byte goes on', async () => {
    await expectError(await handler(post(`${part('content', 'x.html', 'text/html', '<script>')}\r\n--${BOUNDARY}--\r\n`)), 400, 'file-invalid-type', /text\/html are not accepted/);
    expect(forwarded).toEqual([]);
  });
});

describe('a Request whose body the app already read (await request.json() before the handler)', () => {
  // Not the browser's fault: a 400 "not valid JSON" or "no file part" sends the developer looking at the client.
  test('the presign handler answers 500 internal-error saying so, the provider never called', async () => {
    const { provider, seen } = spyProvider();
    const request = presignRequest();
    await request.json();
    await expectError(await createPresignHandler({ provider })(request), 500, 'internal-error', /already read/);
    expect(seen).toEqual([]);
  });

  test('the upload proxy answers 500 internal-error saying so', async () => {
    const form = new FormData();
    form.append('content', new Blob(['PNGDATA'], { type: 'image/png' }), 'a.png');
    const request = new Request('https://app.example/api/uploads/proxy', { method: 'POST', body: form });
    await request.formData();
    const handler = createUploadProxyHandler({ provider: pruna({ apiKey: KEY, fetch: async () => Response.json({}) }) });
    await expectError(await handler(request), 500, 'internal-error', /already read/);
  });
});
