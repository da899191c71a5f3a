// createPresignHandler's order: method, JSON body, type and size, authorize, then (only then) the provider.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createPresignHandler, createUploadProxyHandler, eachlabs, MAX_PRESIGN_BODY, pruna, type UploadProvider } from '../../src/server';
import { KEY, pngRequest, presignRequest, readAnswer } from './helpers';

const server = setupServer();
let providerCalls = 0;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  providerCalls = 0;
  server.use(
    http.post('https://api.eachlabs.ai/v1/upload/presign', () => {
      providerCalls += 1;
      return HttpResponse.json({ presigned_url: 'https://s.test/put', public_url: 'https://cdn.test/a.png' });
    }),
  );
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const handler = (options: Partial<Parameters<typeof createPresignHandler>[0]> = {}) =>
  createPresignHandler({ provider: eachlabs({ apiKey: KEY }), ...options });

async function expectError(response: Response, status: number, code: string) {
  const answer = await readAnswer(response);
  expect(answer.status).toBe(status);
  expect(answer.body.error.code).toBe(code);
  expect(typeof answer.body.error.message).toBe('string');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(providerCalls).toBe(0);
  return answer;
}

describe('createPresignHandler', () => {
  it('answers a valid request through the provider', async () => {
    const { status, body } = await readAnswer(await handler()(presignRequest()));
    expect(status).toBe(200);
    expect(body.publicUrl).toBe('https://cdn.test/a.png');
    expect(providerCalls).toBe(1);
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const answer = await expectError(
      await handler()(new Request('https://app.example/api/uploads/presign')),
      405,
      'method-not-allowed',
    );
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('answers 400 invalid-request to malformed JSON and non-object bodies', async () => {
    await expectError(await handler()(presignRequest('{"filename":')), 400, 'invalid-request');
    await expectError(await handler()(presignRequest('[1,2]')), 400, 'invalid-request');
    await expectError(await handler()(presignRequest('null')), 400, 'invalid-request');
  });

  it('answers 415 when the body is not sent as JSON (a cross-site form cannot send application/json)', async () => {
    const request = presignRequest(pngRequest, { headers: { 'content-type': 'text/plain' } });
    await expectError(await handler()(request), 415, 'invalid-request');
  });

  it.each([
    ['filename missing', { ...pngRequest, filename: undefined }],
    ['filename empty', { ...pngRequest, filename: '' }],
    ['contentType missing', { ...pngRequest, contentType: undefined }],
    ['contentType a wildcard', { ...pngRequest, contentType: 'image/*' }],
    ['contentType with a header break', { ...pngRequest, contentType: 'image/png\r\nx-evil: 1' }],
    ['size missing', { ...pngRequest, size: undefined }],
    ['size negative', { ...pngRequest, size: -1 }],
    ['size not an integer', { ...pngRequest, size: 1.5 }],
    ['size a string', { ...pngRequest, size: '2048' }],
    ['fileType unknown', { ...pngRequest, fileType: 'document' }],
    ['fileType missing', { ...pngRequest, fileType: undefined }],
  ])('answers 400 invalid-request when %s', async (_case, body) => {
    await expectError(await handler()(presignRequest(body)), 400, 'invalid-request');
  });

  it('answers 413 to a body over 16 KB, by its Content-Length or by its bytes when the header lies or is absent', async () => {
    const big = JSON.stringify({ ...pngRequest, filename: 'a'.repeat(MAX_PRESIGN_BODY) });
    await expectError(await handler()(presignRequest(big)), 413, 'invalid-request');
    // A streamed body has no Content-Length: the bytes are counted while reading.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(' '.repeat(4096)));
      },
    });
    const streamed = new Request('https://app.example/api/uploads/presign', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '20' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(await handler()(streamed), 413, 'invalid-request');
    // Reading stopped just past the limit instead of draining an endless body.
    expect(pulled).toBeLessThan(MAX_PRESIGN_BODY / 4096 + 4);
  });

  it('checks accept before the provider: text/plain under ["image/*"] is 400 file-invalid-type', async () => {
    const body = { filename: 'notes.txt', contentType: 'text/plain', size: 10, fileType: 'other' };
    const answer = await expectError(
      await handler({ accept: ['image/*'] })(presignRequest(body)),
      400,
      'file-invalid-type',
    );
    expect(answer.body.error.message).toContain('image');
  });

  it('takes accept as one comma-separated string and matches exact types', async () => {
    const accept = 'image/png, video/mp4';
    const ok = await handler({ accept })(presignRequest({ ...pngRequest }));
    expect(ok.status).toBe(200);
    providerCalls = 0;
    await expectError(
      await handler({ accept })(presignRequest({ ...pngRequest, contentType: 'image/jpeg' })),
      400,
      'file-invalid-type',
    );
  });

  it('rejects a disallowed type even when the filename has an allowed extension', async () => {
    const body = { filename: 'x.png', contentType: 'text/html', size: 10, fileType: 'image' };
    await expectError(await handler({ accept: 'image/*' })(presignRequest(body)), 400, 'file-invalid-type');
  });

  it('defaults to image, video and audio', async () => {
    const body = { filename: 'doc.pdf', contentType: 'application/pdf', size: 10, fileType: 'other' };
    await expectError(await handler()(presignRequest(body)), 400, 'file-invalid-type');
  });

  it('checks maxSize (default 100 MB) and empty files', async () => {
    await expectError(await handler()(presignRequest({ ...pngRequest, size: 104_857_601 })), 400, 'file-too-large');
    const small = await handler()(presignRequest({ ...pngRequest, size: 104_857_600 }));
    expect(small.status).toBe(200);
    providerCalls = 0;
    await expectError(await handler({ maxSize: 1000 })(presignRequest(pngRequest)), 400, 'file-too-large');
    await expectError(await handler()(presignRequest({ ...pngRequest, size: 0 })), 400, 'file-too-small');
  });

  it('validates before authorize, and authorize before the provider', async () => {
    const authorize = vi.fn(() => true);
    await expectError(
      await handler({ authorize })(presignRequest({ ...pngRequest, contentType: 'text/plain' })),
      400,
      'file-invalid-type',
    );
    expect(authorize).not.toHaveBeenCalled();
    const ok = await handler({ authorize })(presignRequest());
    expect(ok.status).toBe(200);
    expect(authorize).toHaveBeenCalledWith(expect.any(Request), {
      filename: 'upload.png',
      contentType: 'image/png',
      size: 2048,
      fileType: 'image',
    });
  });

  it('answers 403 when authorize returns false and 401 when it throws, without calling the provider', async () => {
    await expectError(await handler({ authorize: () => false })(presignRequest()), 403, 'forbidden');
    const thrown = await expectError(
      await handler({
        authorize: async () => {
          throw new Error('session abc123 expired for alice@example.com');
        },
      })(presignRequest()),
      401,
      'unauthorized',
    );
    // The app's own error text stays on the server.
    expect(thrown.body.error.message).not.toContain('alice');
  });

  it('answers a Response returned by authorize as is', async () => {
    const response = await handler({ authorize: () => new Response('go away', { status: 429 }) })(presignRequest());
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('go away');
    expect(providerCalls).toBe(0);
  });

  it('never lets the browser choose the key, host or path: the filename only lends a safe extension', async () => {
    const seen: unknown[] = [];
    const provider: UploadProvider = {
      name: 'spy',
      async presign(req) {
        seen.push(req);
        return { uploadUrl: 'https://storage.test/put' };
      },
    };
    const hostile = {
      filename: '../../etc/passwd?.php',
      contentType: 'image/png',
      size: 5,
      fileType: 'video',
      uploadUrl: 'https://evil.test/',
      baseUrl: 'https://evil.test/',
    };
    const response = await createPresignHandler({ provider })(presignRequest(hostile));
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ filename: 'upload.png', contentType: 'image/png', size: 5, fileType: 'image' }]);
    const unknownType = { filename: 'clip.Weird$ext', contentType: 'video/x-custom', size: 5, fileType: 'video' };
    await createPresignHandler({ provider })(presignRequest(unknownType));
    expect(seen[1]).toMatchObject({ filename: 'upload' });
    await createPresignHandler({ provider })(presignRequest({ ...unknownType, filename: 'clip.M2TS' }));
    expect(seen[2]).toMatchObject({ filename: 'upload.m2ts' });
  });

  it('refuses SVG and any image/*+xml by default and under a wildcard; takes it when accept names the type', async () => {
    const svg = { filename: 'logo.svg', contentType: 'image/svg+xml', size: 50, fileType: 'image' };
    const answer = await expectError(await handler()(presignRequest(svg)), 400, 'file-invalid-type');
    expect(answer.body.error.message).toBe('Files of type image/svg+xml are not accepted: they can carry scripts.');
    await expectError(await handler()(presignRequest({ ...svg, contentType: 'image/svg+xml; charset=utf-8' })), 400, 'file-invalid-type');
    await expectError(await handler()(presignRequest({ ...svg, contentType: 'image/vnd.other+xml' })), 400, 'file-invalid-type');
    await expectError(await handler({ accept: 'image/*' })(presignRequest(svg)), 400, 'file-invalid-type');
    const named = await handler({ accept: ['image/png', 'image/svg+xml'] })(presignRequest(svg));
    expect(named.status).toBe(200);
  });

  it('refuses HTML, XHTML, XML and script under a wildcard (*/*, text/*, application/*); takes one when accept names it', async () => {
    const types = ['text/html', 'Text/HTML; charset=utf-8', 'application/xhtml+xml', 'text/xml', 'application/xml', 'application/rss+xml', 'text/xsl', 'text/javascript', 'application/javascript', 'application/x-javascript', 'application/ecmascript'];
    for (const contentType of types) {
      const body = { filename: 'page.bin', contentType, size: 50, fileType: 'other' };
      for (const accept of ['*/*', 'text/*, application/*']) {
        const answer = await expectError(await handler({ accept })(presignRequest(body)), 400, 'file-invalid-type');
        expect(answer.body.error.message).toMatch(/can carry scripts/);
      }
    }
    const html = { filename: 'page.html', contentType: 'text/html', size: 50, fileType: 'other' };
    expect((await handler({ accept: ['text/html'] })(presignRequest(html))).status).toBe(200);
    // What stays passive is still taken under the wildcard.
    for (const contentType of ['application/pdf', 'text/plain', 'application/json', 'text/csv']) {
      expect((await handler({ accept: '*/*' })(presignRequest({ ...html, contentType }))).status).toBe(200);
    }
  });

  it('never takes an active-content extension (.svg, .html, .js) from the filename, only from a named type', async () => {
    const seen: { filename: string }[] = [];
    const provider: UploadProvider = {
      name: 'spy',
      async presign(req) {
        seen.push(req);
        return { uploadUrl: 'https://storage.test/put' };
      },
    };
    for (const filename of ['evil.svg', 'evil.SVGZ', 'page.html', 'x.xhtml', 'a.js']) {
      await createPresignHandler({ provider })(presignRequest({ filename, contentType: 'image/x-unknown', size: 5, fileType: 'image' }));
    }
    expect(seen.map((req) => req.filename)).toEqual(['upload', 'upload', 'upload', 'upload', 'upload']);
    const svg = { filename: 'logo.png', contentType: 'image/svg+xml', size: 5, fileType: 'image' };
    await createPresignHandler({ provider, accept: 'image/svg+xml' })(presignRequest(svg));
    expect(seen.at(-1)?.filename).toBe('upload.svg');
  });

  it('answers 500 with a generic message when a provider throws something unexpected', async () => {
    const provider: UploadProvider = {
      name: 'broken',
      async presign() {
        throw new Error(`crash with ${KEY}`);
      },
    };
    const { status, body } = await readAnswer(await createPresignHandler({ provider })(presignRequest()));
    expect(status).toBe(500);
    expect(body.error.code).toBe('internal-error');
    expect(body.error.message).not.toContain('crash');
  });

  it('refuses misuse at start-up', () => {
    expect(() => createPresignHandler({} as never)).toThrow(/provider/);
    expect(() => handler({ accept: ['.png'] })).toThrow(/MIME patterns/);
  });

  it('refuses a size limit or timeout that is not a whole number at start-up (NaN would mean no limit)', () => {
    const unset = Number(undefined);
    expect(() => handler({ maxSize: unset })).toThrow(/maxSize/);
    expect(() => handler({ maxSize: 0 })).toThrow(/maxSize/);
    expect(() => handler({ minSize: -1 })).toThrow(/minSize/);
    expect(() => handler({ maxSize: 10, minSize: 11 })).toThrow(/minSize/);
    expect(() => createUploadProxyHandler({ provider: pruna({ apiKey: 'k' }), maxSize: unset })).toThrow(/maxSize/);
    expect(() => eachlabs({ apiKey: 'k', timeoutMs: unset })).toThrow(/timeoutMs/);
    expect(() => pruna({ apiKey: 'k', uploadTimeoutMs: 1.5 })).toThrow(/uploadTimeoutMs/);
    expect(() => handler({ maxSize: 1, minSize: 0 })).not.toThrow();
  });
});
