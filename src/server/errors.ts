// Server answers are data too: `{ "error": { "code", "message" } }` with a stable code, never a stack or a key.

/** Stable codes of the server entry's error answers: the browser's validation codes plus server-only ones. */
export type ServerErrorCode =
  | 'file-invalid-type'
  | 'file-too-large'
  | 'file-too-small'
  | 'invalid-request'
  | 'method-not-allowed'
  | 'unauthorized'
  | 'forbidden'
  | 'provider-unauthorized'
  | 'provider-rejected'
  | 'provider-error'
  | 'provider-invalid-response'
  | 'provider-timeout'
  | 'internal-error';

/** The JSON body of every error answer. */
export interface ServerErrorBody {
  error: { code: ServerErrorCode; message: string };
}

/** A failure that already knows its HTTP answer; thrown inside the server entry, turned into JSON at its edge. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A provider call that failed: 502 for its errors and bad answers, 504 for a timeout (DESIGN "Server API"). */
export class ProviderError extends HttpError {
  constructor(code: Extract<ServerErrorCode, `provider-${string}`>, message: string, headers?: Record<string, string>) {
    super(code === 'provider-timeout' ? 504 : 502, code, message, headers);
  }
}

// Presign answers name short-lived upload targets: a cached one would hand a stale or foreign URL to someone else.
const NO_STORE = { 'cache-control': 'no-store' };

/** A JSON answer that no cache keeps. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });
}

/** The JSON answer of an error; anything that is not an HttpError becomes a generic 500 (its message may hold secrets). */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    const body: ServerErrorBody = { error: { code: error.code, message: error.message } };
    return jsonResponse(body, error.status, error.headers);
  }
  const body: ServerErrorBody = { error: { code: 'internal-error', message: 'The upload server failed unexpectedly.' } };
  return jsonResponse(body, 500);
}

/** Removes every occurrence of a secret from a text (provider error messages sometimes echo what they were sent). */
export function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
