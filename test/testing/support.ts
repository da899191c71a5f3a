// Shared by the testing-entry tests: one msw server per file, sample bytes, S3 XML reading.
import { setupServer } from 'msw/node';
import type { HttpHandler } from 'msw';

/** Starts msw/node for the file with every unhandled request an error; resets handlers after each test. */
export function startServer(...handlers: HttpHandler[]) {
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A small PNG-looking body: the signature, then `size - 8` counting bytes. */
export function pngBytes(size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size));
  for (let i = 8; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

export async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** `<Code>` and `<Message>` of an S3 error body. */
export async function s3ErrorOf(response: Response): Promise<{ code?: string; message?: string }> {
  const xml = await response.text();
  return { code: /<Code>([^<]*)<\/Code>/.exec(xml)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function put(url: string, body: BodyInit, headers: Record<string, string>) {
  return fetch(url, { method: 'PUT', headers, body });
}

export function formWith(field: string, bytes: Uint8Array<ArrayBuffer>, type: string, name = 'photo.png') {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), name);
  return form;
}

/** A fixed clock the mocks read through `now`, moved by the tests. */
export function fakeClock(start = Date.parse('2026-11-21T08:00:00.000Z')) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}
