// Each provider against an msw stand-in of its documented API: request shape, auth header, answer and error mapping.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { apimodels, createPresignHandler, eachlabs, modelroute, pruna, type UploadProvider } from '../../src/server';
import { KEY, presignRequest, readAnswer } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  url: string;
  headers: Headers;
  body: any;
}
/** Registers one POST handler and records what reached it. */
function stub(url: string, answer: (seen: Seen) => Response | Promise<Response>): Seen[] {
  const calls: Seen[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      const seen = { url: request.url, headers: request.headers, body: await request.json() };
      calls.push(seen);
      return answer(seen);
    }),
  );
  return calls;
}

const presign = (provider: UploadProvider, body?: unknown) => createPresignHandler({ provider })(presignRequest(body));

describe('eachlabs', () => {
  const url = 'https://api.eachlabs.ai/v1/upload/presign';

  it('posts content_type and file_type with X-API-Key and answers the native shape with required headers', async () => {
    const calls = stub(url, () =>
      HttpResponse.json({
        id: '0dce0f44',
        presigned_url: 'https://eachlabs-storage.s3.amazonaws.com/uploads/0dce0f44.png?X-Amz-Signature=abc',
        public_url: 'https://cdn-us.eachlabs.ai/uploads/0dce0f44.png',
        expires_at: '2026-04-27T18:15:00Z',
        required_headers: { 'x-amz-meta-file-id': '0dce0f44' },
      }),
    );
    const { status, body, headers } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.get('x-api-key')).toBe(KEY);
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(calls[0]!.body).toEqual({ content_type: 'image/png', file_type: 'image' });
    expect(body).toEqual({
      uploadUrl: 'https://eachlabs-storage.s3.amazonaws.com/uploads/0dce0f44.png?X-Amz-Signature=abc',
      method: 'PUT',
      headers: { 'Content-Type': 'image/png', 'x-amz-meta-file-id': '0dce0f44' },
      publicUrl: 'https://cdn-us.eachlabs.ai/uploads/0dce0f44.png',
      expiresAt: '2026-04-27T18:15:00.000Z',
    });
  });

  it('uses a custom baseUrl origin and adds the documented path', async () => {
    const calls = stub('https://eu.eachlabs.test/v1/upload/presign', () =>
      HttpResponse.json({ presigned_url: 'https://s.test/u', public_url: 'https://cdn.test/u.png' }),
    );
    const { status, body } = await readAnswer(await presign(eachlabs({ apiKey: KEY, baseUrl: 'https://eu.eachlabs.test/' })));
    expect(status).toBe(200);
    expect(calls).toHaveLength(1);
    // No expires_at: the documented 15 minutes, as ISO 8601.
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it.each([
    [401, { error: 'Invalid or missing API key' }, 'provider-unauthorized', 'Invalid or missing API key'],
    [400, { error: 'content_type is required' }, 'provider-rejected', 'content_type is required'],
    [500, { error: 'Failed to generate presigned URL' }, 'provider-error', 'Failed to generate presigned URL'],
  ])('maps its documented %i to 502 %s, keeping its message', async (providerStatus, providerBody, code, message) => {
    stub(url, () => HttpResponse.json(providerBody, { status: providerStatus }));
    const { status, body } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect(status).toBe(502);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(message);
    expect(body.error.message).toContain('eachlabs');
  });

  it('scrubs the key when the provider echoes it in an error', async () => {
    stub(url, ({ headers }) => HttpResponse.json({ error: `Key ${headers.get('x-api-key')} is disabled` }, { status: 401 }));
    const { body } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect(body.error.message).toContain('[redacted]');
  });

  it('scrubs the key when the provider echoes it JSON-escaped (a "/" written as "\\/")', async () => {
    const slashKey = 'sk_live/9f8e7d6c+5b4a==';
    const echo = (key: string) =>
      new HttpResponse(`{"error":"Key ${key.replaceAll('/', '\\/').replaceAll('+', '\\u002b')} is disabled"}`, {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    stub(url, ({ headers }) => echo(headers.get('x-api-key')!));
    const response = await presign(eachlabs({ apiKey: slashKey }));
    const text = await response.text();
    expect(text).not.toContain(slashKey);
    expect(JSON.parse(text).error.message).toContain('[redacted]');
  });

  it('rejects a required header that contradicts the requested Content-Type as an invalid answer', async () => {
    stub(url, () =>
      HttpResponse.json({
        presigned_url: 'https://s.test/u',
        public_url: 'https://cdn.test/u.png',
        required_headers: { 'Content-Type': 'text/html' },
      }),
    );
    const { status, body } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect([status, body.error.code]).toEqual([502, 'provider-invalid-response']);
  });
});

describe('modelroute', () => {
  const url = 'https://api.modelroute.ai/v1/files/upload';

  it('posts filename, content_type and size_bytes with a Bearer key; the value is fileId', async () => {
    const calls = stub(url, () =>
      HttpResponse.json({
        file_id: 'file_f47ac10b',
        upload_url: 'https://storage.modelroute.ai/uploads/file_f47ac10b?X-Amz-Signature=x',
        expires_at: '2026-03-20T11:30:00Z',
      }),
    );
    const { status, body } = await readAnswer(await presign(modelroute({ apiKey: KEY })));
    expect(status).toBe(200);
    expect(calls[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    // The browser's filename only lends its extension (from the type): no user text reaches the provider.
    expect(calls[0]!.body).toEqual({ filename: 'upload.png', content_type: 'image/png', size_bytes: 2048 });
    expect(body).toEqual({
      uploadUrl: 'https://storage.modelroute.ai/uploads/file_f47ac10b?X-Amz-Signature=x',
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      fileId: 'file_f47ac10b',
      expiresAt: '2026-03-20T11:30:00.000Z',
    });
  });

  it('maps INPUT_VALIDATION_ERROR to provider-rejected with its message', async () => {
    stub(url, () =>
      HttpResponse.json(
        { error: { code: 'INPUT_VALIDATION_ERROR', message: 'size exceeds 100 MB' } },
        { status: 422 },
      ),
    );
    const { status, body } = await readAnswer(await presign(modelroute({ apiKey: KEY })));
    expect(status).toBe(502);
    expect(body.error).toEqual({
      code: 'provider-rejected',
      message: 'modelroute rejected the upload: size exceeds 100 MB (INPUT_VALIDATION_ERROR)',
    });
  });

  it('maps a 401 to provider-unauthorized', async () => {
    stub(url, () => HttpResponse.json({ error: { code: 'UNAUTHORIZED', message: 'Invalid API key' } }, { status: 401 }));
    const { status, body } = await readAnswer(await presign(modelroute({ apiKey: KEY })));
    expect([status, body.error.code]).toEqual([502, 'provider-unauthorized']);
  });

  it('answers 502 provider-invalid-response when the answer lacks file_id or is not JSON', async () => {
    stub(url, () => HttpResponse.json({ upload_url: 'https://storage.modelroute.ai/x' }));
    let answer = await readAnswer(await presign(modelroute({ apiKey: KEY })));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-invalid-response']);
    stub(url, () => new HttpResponse('<html>gateway</html>', { headers: { 'content-type': 'text/html' } }));
    answer = await readAnswer(await presign(modelroute({ apiKey: KEY })));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-invalid-response']);
  });

  it('answers 504 provider-timeout when the provider is slower than timeoutMs, and ends its call', async () => {
    // A provider that never answers: only the timeout can end the call (no wall clock is asserted).
    let aborted = false;
    const neverAnswers = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal!.reason);
        });
      });
    const { status, body } = await readAnswer(await presign(modelroute({ apiKey: KEY, timeoutMs: 100, fetch: neverAnswers })));
    expect(status).toBe(504);
    expect(body.error.code).toBe('provider-timeout');
    expect(body.error.message).toMatch(/modelroute did not answer within 0.1 s/);
    expect(aborted).toBe(true);
  });
});

describe('apimodels', () => {
  const url = 'https://apimodels.app/api/v1/files';

  it('posts filename, contentType and fileSize in JSON mode with a Bearer key and unwraps { code, msg, data }', async () => {
    const calls = stub(url, () =>
      HttpResponse.json({
        code: 200,
        msg: 'success',
        data: {
          uploadUrl: 'https://acc.r2.cloudflarestorage.com/apimodels/uploads/u/1.png?X-Amz-Signature=s',
          publicUrl: 'https://r2.apimodels.app/uploads/u/1.png',
          expiresAt: '2026-05-30T09:30:00.000Z',
        },
      }),
    );
    const { status, body } = await readAnswer(await presign(apimodels({ apiKey: KEY })));
    expect(status).toBe(200);
    expect(calls[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(calls[0]!.body).toEqual({ filename: 'upload.png', contentType: 'image/png', fileSize: 2048 });
    expect(body).toEqual({
      uploadUrl: 'https://acc.r2.cloudflarestorage.com/apimodels/uploads/u/1.png?X-Amz-Signature=s',
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      publicUrl: 'https://r2.apimodels.app/uploads/u/1.png',
      expiresAt: '2026-05-30T09:30:00.000Z',
    });
  });

  it.each([
    [400, 'Only image/, video/, or audio/ content types are accepted', 'provider-rejected'],
    [401, 'Invalid or missing API key', 'provider-unauthorized'],
    [500, 'Storage not configured', 'provider-error'],
  ])('maps its { code: %i, msg } errors', async (code, msg, expected) => {
    stub(url, () => HttpResponse.json({ code, msg }, { status: code }));
    const { status, body } = await readAnswer(await presign(apimodels({ apiKey: KEY })));
    expect(status).toBe(502);
    expect(body.error.code).toBe(expected);
    expect(body.error.message).toContain(msg);
  });

  it('trusts the envelope code over an HTTP 200', async () => {
    stub(url, () => HttpResponse.json({ code: 400, msg: 'File too large (max 10MB)' }));
    const { status, body } = await readAnswer(await presign(apimodels({ apiKey: KEY })));
    expect([status, body.error.code]).toEqual([502, 'provider-rejected']);
    expect(body.error.message).toContain('File too large (max 10MB)');
  });
});

describe('pruna presign', () => {
  it('answers a multipart POST to the app proxy route, a path left for the browser to resolve, without calling pruna', async () => {
    const { status, body } = await readAnswer(await presign(pruna({ apiKey: KEY })));
    expect(status).toBe(200);
    expect(body).toEqual({ uploadUrl: '/api/uploads/proxy', method: 'POST', fileField: 'content' });
    const custom = await readAnswer(await presign(pruna({ apiKey: KEY, proxyUrl: '/files/proxy?x=1' })));
    expect(custom.body.uploadUrl).toBe('/files/proxy?x=1');
  });

  it('keeps an absolute proxyUrl absolute, and resolves what is not a path on this site (//host, /\\host)', async () => {
    const absolute = await readAnswer(await presign(pruna({ apiKey: KEY, proxyUrl: 'https://uploads.example/proxy' })));
    expect(absolute.body.uploadUrl).toBe('https://uploads.example/proxy');
    const otherHost = await readAnswer(await presign(pruna({ apiKey: KEY, proxyUrl: '//uploads.example/proxy' })));
    expect(otherHost.body.uploadUrl).toBe('https://uploads.example/proxy');
    const backslash = await readAnswer(await presign(pruna({ apiKey: KEY, proxyUrl: '/\\uploads.example/proxy' })));
    expect(backslash.body.uploadUrl).toBe('https://uploads.example/proxy');
  });
});

describe('provider factories', () => {
  it('fail loudly at start-up without an API key', () => {
    expect(() => eachlabs({ apiKey: '' })).toThrow(/apiKey is missing/);
    expect(() => modelroute({ apiKey: undefined as unknown as string })).toThrow(/apiKey is missing/);
  });

  it('never follow a redirect (it would resend the key elsewhere)', async () => {
    const elsewhere = stub('https://evil.test/steal', () => HttpResponse.json({}));
    server.use(http.post('https://api.eachlabs.ai/v1/upload/presign', () => HttpResponse.redirect('https://evil.test/steal', 307)));
    const { status, body } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect([status, body.error.code]).toEqual([502, 'provider-error']);
    expect(elsewhere).toHaveLength(0);
  });
});

describe('error mapping beyond the documented bodies', () => {
  it('treats a 404 (a wrong baseUrl) and a 429 as provider-error, not as a rejected file', async () => {
    stub('https://api.eachlabs.ai/v1/upload/presign', () => new HttpResponse('Not Found', { status: 404 }));
    let answer = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-error']);
    expect(answer.body.error.message).toContain('Not Found');
    stub('https://api.eachlabs.ai/v1/upload/presign', () => HttpResponse.json({ error: 'slow down' }, { status: 429 }));
    answer = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-error']);
  });

  it('answers 502 provider-error when the provider cannot be reached', async () => {
    server.use(http.post('https://api.eachlabs.ai/v1/upload/presign', () => HttpResponse.error()));
    const { status, body } = await readAnswer(await presign(eachlabs({ apiKey: KEY })));
    expect([status, body.error.code]).toEqual([502, 'provider-error']);
    expect(body.error.message).toMatch(/Could not reach eachlabs/);
  });

  it('tells the browser only the error code of a network failure, never the URL, host or address in its message', async () => {
    const failing = (error: Error) => (async () => Promise.reject(error)) as unknown as typeof fetch;
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.20.30.40:8443 (https://presign.internal.corp/v1)'), {
      code: 'ECONNREFUSED',
    });
    let answer = await readAnswer(await presign(eachlabs({ apiKey: KEY, fetch: failing(new TypeError('fetch failed', { cause: refused })) })));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-error']);
    expect(answer.body.error.message).toBe('Could not reach eachlabs (ECONNREFUSED); try again.');
    const withUrl = new TypeError('Request cannot be constructed from a URL that includes credentials: https://u:pw@x.test/');
    answer = await readAnswer(await presign(eachlabs({ apiKey: KEY, fetch: failing(withUrl) })));
    expect(answer.body.error.message).toBe('Could not reach eachlabs; try again.');
  });

  it('refuses a baseUrl carrying credentials at start-up', () => {
    expect(() => eachlabs({ apiKey: KEY, baseUrl: 'https://user:pw@api.eachlabs.ai' })).toThrow(/credentials/);
  });
});

describe('the API key', () => {
  it('lives only in closures: a provider object exposes no property holding it', () => {
    for (const provider of [eachlabs({ apiKey: KEY }), modelroute({ apiKey: KEY }), apimodels({ apiKey: KEY }), pruna({ apiKey: KEY })]) {
      expect(JSON.stringify(provider)).not.toContain(KEY);
      expect(Object.values(provider).map(String).join(' ')).not.toContain(KEY);
    }
  });
});
