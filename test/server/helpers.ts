// Shared bits of the server tests: a presign request, and a check that no answer ever carries the key.
import type { PresignRequest } from '../../src/server';

export const KEY = 'sk_test_SECRET_9f8e7d6c5b4a';

export const pngRequest: PresignRequest = { filename: 'cat photo.PNG', contentType: 'image/png', size: 2048, fileType: 'image' };

/** A POST to the presign route, as the browser sends it. */
export function presignRequest(body: unknown = pngRequest, init: RequestInit = {}): Request {
  return new Request('https://app.example/api/uploads/presign', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** Reads a handler's answer and asserts the key is in neither its headers nor its body. */
export async function readAnswer(response: Response): Promise<{ status: number; body: any; headers: Headers }> {
  const text = await response.text();
  expect(text).not.toContain(KEY);
  response.headers.forEach((value) => expect(value).not.toContain(KEY));
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}
