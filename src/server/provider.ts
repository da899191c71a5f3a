// The seam between the handlers and each provider: one interface, one guarded way to call a provider's API.
import type { NativePresignResponse, PresignRequest } from '../core/types';
import { ProviderError, scrub } from './errors';
import { BodyTooLargeError, readLimited } from './readBody';
import type { ProviderLimits } from './uploadRules';

/** What a provider gets besides the validated request. */
export interface PresignContext {
  /** Aborted when the browser goes away. */
  signal: AbortSignal;
  /** The URL the presign request came to (for targets on the app's own origin, such as pruna's proxy). */
  requestUrl: string;
}

/** Turns a validated presign request into an upload target. The API key lives only in the provider's closure. */
export interface UploadProvider {
  readonly name: string;
  /** What its docs say it takes; both handlers check it before calling it. */
  readonly limits?: ProviderLimits;
  presign(req: PresignRequest, ctx: PresignContext): Promise<NativePresignResponse>;
}

/** A provider that only takes multipart uploads through the app (pruna): `createUploadProxyHandler` uses `forward`. */
export interface ProxyUploadProvider extends UploadProvider {
  /** The multipart form field that must carry the file. */
  readonly fileField: string;
  /** Streams a multipart body to the provider and returns its JSON answer (already checked). */
  forward(body: ReadableStream<Uint8Array>, ctx: { contentType: string; signal: AbortSignal }): Promise<unknown>;
}

/** Options every HTTP provider factory takes. */
export interface ProviderOptions {
  /** The provider's API key: it stays on the server, in this provider's closure. */
  apiKey: string;
  /** The provider's origin as its docs show it; the documented path is added. */
  baseUrl?: string;
  /** Longest wait for the provider's answer before a 504. @default 15000 */
  timeoutMs?: number;
  /** The fetch to call the provider with (tests, proxies). @default globalThis.fetch */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
// Presign answers are a few hundred bytes; a provider (or something in between) answering megabytes is broken.
const MAX_PROVIDER_BODY = 1024 * 1024;

/** Checks the options a factory got: a missing key is a deployment bug worth failing loudly at start-up. */
export function checkOptions(provider: string, options: ProviderOptions, defaultBaseUrl: string) {
  if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError(`${provider}({ apiKey }): apiKey is missing or empty; read it from the server's environment.`);
  }
  const baseUrl = new URL(options.baseUrl ?? defaultBaseUrl);
  if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') {
    throw new TypeError(`${provider}({ baseUrl }): expected an http(s) origin, got ${baseUrl.protocol}`);
  }
  if (baseUrl.username || baseUrl.password) {
    throw new TypeError(`${provider}({ baseUrl }): credentials in the URL are not sent; the key goes in apiKey.`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const endpoint = (path: string) => new URL(baseUrl.pathname.replace(/\/+$/, '') + path, baseUrl).href;
  // AbortSignal.timeout throws on NaN or a fraction at call time: say so now, not as a 500 on every upload.
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new TypeError(`${provider}({ timeoutMs }): expected whole milliseconds, got ${timeoutMs}.`);
  }
  return {
    apiKey: options.apiKey,
    // The handler adds the documented path to the origin (and to any path prefix the app gave).
    endpoint,
    timeoutMs,
    // Looked up at call time, so a fetch patched later (msw, instrumentation) is used.
    fetch: fetchFn,
    /** POSTs JSON to a documented path with the provider's auth headers; a non-2xx answer is its ProviderError. */
    async postJson(path: string, auth: Record<string, string>, body: unknown, signal: AbortSignal): Promise<ProviderAnswer> {
      const answer = await callProvider({
        provider,
        apiKey: options.apiKey,
        url: endpoint(path),
        init: jsonInit(auth, body),
        timeoutMs,
        fetch: fetchFn,
        signal,
      });
      if (answer.status < 200 || answer.status > 299) throw providerFailure(provider, answer);
      return answer;
    },
  };
}

export interface ProviderCall {
  provider: string;
  apiKey: string;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  fetch: typeof fetch;
  signal: AbortSignal;
}

export interface ProviderAnswer {
  status: number;
  /** The parsed JSON body, or undefined when the body was empty or not JSON. */
  json: unknown;
  /** The body as text (scrubbed), for error messages. */
  text: string;
  /** A 429's or 503's Retry-After, when it is a number of seconds or an HTTP date. */
  retryAfter?: string;
}

/** Calls a provider with a timeout; network failures and timeouts become ProviderErrors with the key scrubbed. */
export async function callProvider(call: ProviderCall): Promise<ProviderAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = AbortSignal.any([call.signal, timeout]);
  const fail = (error: unknown): never => {
    if (timeout.aborted) {
      throw new ProviderError(
        'provider-timeout',
        `${call.provider} did not answer within ${call.timeoutMs / 1000} s; try again.`,
      );
    }
    if (error instanceof BodyTooLargeError) {
      throw new ProviderError('provider-invalid-response', `${call.provider} sent an unexpectedly large answer.`);
    }
    // Only an error code (ENOTFOUND, ECONNREFUSED) reaches the browser: fetch messages can carry the URL, an
    // internal host or address, or credentials ("Request cannot be constructed from a URL that includes ...").
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    const code = typeof cause?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(cause.code) ? cause.code : '';
    throw new ProviderError(
      'provider-error',
      scrub(`Could not reach ${call.provider}${code ? ` (${code})` : ''}; try again.`, call.apiKey),
    );
  };
  let response: Response;
  let bytes: Uint8Array;
  try {
    // redirect: 'error': a redirect would resend the key to wherever the Location points. It also keeps undici
    // from cloning the request for a redirect, which tees a streamed body and holds all of it (nodejs/undici#4058).
    response = await call.fetch(call.url, { ...call.init, signal, redirect: 'error' });
    bytes = await readLimited(response.body, MAX_PROVIDER_BODY);
  } catch (error) {
    return fail(error);
  }
  const text = scrub(new TextDecoder().decode(bytes), call.apiKey);
  let json: unknown;
  try {
    // Scrubbed again once parsed: a JSON escape (`\/`, `\u002b`) hides the key from the raw text's scrub.
    json = text ? scrubJson(JSON.parse(text), call.apiKey) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, ...retryAfterOf(response) };
}

/** A "slow down" answer's wait, kept only in a form the browser reads (seconds or an HTTP date). */
function retryAfterOf(response: Response): { retryAfter?: string } {
  if (response.status !== 429 && response.status !== 503) return {};
  const value = response.headers.get('retry-after')?.trim() ?? '';
  const valid = /^\d{1,9}$/.test(value) || (value.length <= 64 && /^[\w ,:+-]+$/.test(value) && Number.isFinite(Date.parse(value)));
  return valid ? { retryAfter: value } : {};
}

function scrubJson(value: unknown, secret: string): unknown {
  if (typeof value === 'string') return scrub(value, secret);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, secret));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [scrub(name, secret), scrubJson(item, secret)]));
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Digs the human message and machine code out of the error bodies providers send. */
export function readProviderError(answer: ProviderAnswer): { message: string; code?: string } {
  const body = answer.json;
  let message: unknown;
  let code: unknown;
  if (isRecord(body)) {
    const error = body.error;
    if (isRecord(error)) {
      message = error.message ?? error.msg ?? error.detail;
      code = error.code ?? error.type;
    } else if (typeof error === 'string') {
      message = error;
    }
    message ??= body.message ?? body.msg ?? body.detail;
    code ??= body.code ?? body.error_code;
  } else if (answer.text && !answer.text.trimStart().startsWith('<')) {
    message = answer.text;
  }
  const text = typeof message === 'string' && message.trim() ? message.trim().slice(0, 500) : `HTTP ${answer.status}`;
  return { message: text, ...(typeof code === 'string' && code ? { code } : {}) };
}

const REJECTING_STATUSES = new Set([400, 409, 413, 415, 422]);

/** Maps a failed provider answer to a stable code: its own message kept, its status never passed through. */
export function providerFailure(provider: string, answer: ProviderAnswer): ProviderError {
  const { message, code } = readProviderError(answer);
  const detail = code ? `${message} (${code})` : message;
  const status = answer.status;
  // A 403 without the API's JSON is a firewall, WAF or CDN page (Cloudflare's "Sorry, you have been blocked") more
  // often than the provider's key check: "refused the API key" would send the developer to rotate a good key.
  if (status === 403 && !isRecord(answer.json)) {
    const what = message !== `HTTP ${status}` ? ` (${message})` : answer.text.trim() ? ' and an HTML page' : ' and no body';
    return new ProviderError(
      'provider-error',
      `${provider}, or something in front of it such as a firewall or CDN, refused the request with HTTP 403${what}, ` +
        `not ${provider}'s JSON error: the API key may be fine. Try again later, or check that this server may reach ${provider}.`,
    );
  }
  if (status === 401 || status === 403) {
    return new ProviderError('provider-unauthorized', `${provider} refused the server's API key: ${detail}`);
  }
  // Only statuses about the request's content mean "rejected"; a 404 or 429 is the app's or the provider's problem.
  if (REJECTING_STATUSES.has(status) || code === 'INPUT_VALIDATION_ERROR') {
    return new ProviderError('provider-rejected', `${provider} rejected the upload: ${detail}`);
  }
  // The browser waits as long as a Retry-After on our answer says: without it, its quick retries meet the same 429.
  const wait = answer.retryAfter ? { 'retry-after': answer.retryAfter } : undefined;
  return new ProviderError('provider-error', `${provider} failed: ${detail}`, wait);
}

/** A provider answer that is not what its docs promise. */
export function invalidAnswer(provider: string, what: string): ProviderError {
  return new ProviderError('provider-invalid-response', `${provider} sent an unexpected answer: ${what}.`);
}

/** The string at `key`, or a provider-invalid-response error naming it. */
export function requireString(provider: string, body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw invalidAnswer(provider, `"${key}" is missing`);
  return value;
}

/** An absolute http(s) URL from a provider, or a provider-invalid-response error. */
export function requireUrl(provider: string, value: unknown, key: string): string {
  if (typeof value !== 'string') throw invalidAnswer(provider, `"${key}" is missing`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidAnswer(provider, `"${key}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidAnswer(provider, `"${key}" is not http(s)`);
  return value;
}

// An ISO 8601 date and time that names its zone (`Z`, `+02:00`), as every provider's docs show it. Without one, Date
// reads the time in the server's own zone, and a number may be seconds or milliseconds: neither says when the URL ends.
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The provider's expiry as ISO 8601, or now + its documented lifetime when it sent none or an unreadable one. */
export function isoExpiry(value: unknown, documentedLifetimeMs: number): string {
  const time = typeof value === 'string' && ZONED_ISO.test(value.trim()) ? new Date(value.trim()).getTime() : Number.NaN;
  return new Date(Number.isFinite(time) ? time : Date.now() + documentedLifetimeMs).toISOString();
}

/** JSON POST headers for a provider call. */
export function jsonInit(headers: Record<string, string>, body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
