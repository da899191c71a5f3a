// An app whose middleware cloned the request (to log its body, to read it for a signature check) hands the handler one
// branch of a tee: canceling that branch does not settle until the other is read or canceled too (Streams spec,
// ReadableStreamDefaultTee). A handler that awaited its cancel on a refusal never answered: the browser waited for
// its presign or upload timeout and saw no reason. Every refusal that stops reading must still answer at once.
import { createPresignHandler, createUploadProxyHandler, eachlabs, pruna } from '../../src/server';
import { KEY, pngRequest, presignRequest, readAnswer } from './helpers';

const neverCalled = async (): Promise<Response> => {
  throw new Error('the provider was called');
};

/** The request after an app's middleware took its copy (kept, not read: a log written later, or never). */
function cloned(request: Request): Request {
  kept.push(request.clone());
  return request;
}
let kept: Request[] = [];
afterEach(async () => {
  await Promise.all(kept.map((copy) => copy.body?.cancel()));
  kept = [];
});

const streamOf = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

describe('createPresignHandler with a request the app cloned', () => {
  const handler = createPresignHandler({ provider: eachlabs({ apiKey: KEY, fetch: neverCalled }) });

  it('answers a 20 KB body 413 (reading stopped at 16 KB)', { timeout: 5000 }, async () => {
    const request = cloned(presignRequest(JSON.stringify({ ...pngRequest, pad: 'x'.repeat(20 * 1024) })));
    const { status, body } = await readAnswer(await handler(request));
    expect([status, body.error.code]).toEqual([413, 'invalid-request']);
  });

  it('answers a streamed body past 16 KB 413', { timeout: 5000 }, async () => {
    const request = new Request('https://app.example/api/uploads/presign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamOf(Array.from({ length: 6 }, () => ' '.repeat(4096))),
      duplex: 'half',
    } as RequestInit);
    const { status } = await readAnswer(await handler(cloned(request)));
    expect(status).toBe(413);
  });
});

describe('createUploadProxyHandler with a request the app cloned', () => {
  const BOUNDARY = 'b0undary';
  const part = (field: string, type: string, data: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: ${type}\r\n\r\n${data}`;
  const post = (chunks: string[]) =>
    cloned(
      new Request('https://app.example/api/uploads/proxy', {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: streamOf(chunks),
        duplex: 'half',
      } as RequestInit),
    );

  it('answers a file in another field 400 before reading on', { timeout: 5000 }, async () => {
    const handler = createUploadProxyHandler({ provider: pruna({ apiKey: KEY, fetch: neverCalled }) });
    const { status, body } = await readAnswer(await handler(post([part('file', 'image/png', 'PNG'), `\r\n--${BOUNDARY}--\r\n`])));
    expect([status, body.error.code]).toEqual([400, 'invalid-request']);
  });

  it('answers a file over maxSize 400 file-too-large, cut off mid-stream', { timeout: 5000 }, async () => {
    // pruna reads what it is sent: the cut-off makes its read fail, as a real upload would.
    const handler = createUploadProxyHandler({
      provider: pruna({ apiKey: KEY, fetch: async (_url, init) => new Response(await new Response(init!.body).text()) }),
      maxSize: 1000,
    });
    const chunks = [part('content', 'image/png', ''), ...Array.from({ length: 8 }, () => 'x'.repeat(512)), `\r\n--${BOUNDARY}--\r\n`];
    const { status, body } = await readAnswer(await handler(post(chunks)));
    expect([status, body.error.code]).toEqual([400, 'file-too-large']);
  });

  it('answers a whole upload followed by an epilogue with pruna\'s file object', { timeout: 5000 }, async () => {
    const handler = createUploadProxyHandler({
      provider: pruna({
        apiKey: KEY,
        fetch: async (_url, init) => {
          await new Response(init!.body).arrayBuffer();
          return Response.json({ id: 'f1', urls: { get: 'https://api.pruna.ai/v1/files/f1' } });
        },
      }),
    });
    const { status, body } = await readAnswer(await handler(post([part('content', 'image/png', 'PNGDATA'), `\r\n--${BOUNDARY}--\r\n`, 'epilogue'])));
    expect([status, body.urls?.get]).toEqual([200, 'https://api.pruna.ai/v1/files/f1']);
  });
});
