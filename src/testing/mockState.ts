// What every mock shares: the call log, the uploads, and the optional latency in front of each resolver.
import { delay, type HttpHandler, type HttpResponseResolver } from 'msw';
import type { MockStorage } from './mockStorage';
import type { MockCall, MockUpload, ProviderMock } from './types';

/** 100 MB: the documented limit of every provider here (and DESIGN.md's default maxSize). */
export const MAX_UPLOAD_BYTES = 104_857_600;

export interface MockState {
  calls: MockCall[];
  uploads: MockUpload[];
  /** Logs the request and returns its entry, so the resolver can fill in `body` once it has read it. */
  record(request: Request): MockCall;
  /** Wraps a resolver so it waits `latencyMs` first. */
  withLatency: (resolver: HttpResponseResolver) => HttpResponseResolver;
}

export function createMockState(latencyMs = 0): MockState {
  const calls: MockCall[] = [];
  const uploads: MockUpload[] = [];
  return {
    calls,
    uploads,
    record(request) {
      const call: MockCall = { method: request.method, url: request.url, headers: headersOf(request), body: undefined };
      calls.push(call);
      return call;
    },
    withLatency: (resolver) => async (info) => {
      if (latencyMs > 0) await delay(latencyMs);
      return resolver(info);
    },
  };
}

export function headersOf(request: Request): Record<string, string> {
  // Headers iterate with lower-cased names already.
  return Object.fromEntries(request.headers);
}

/** Predicate for a route given as a path (matches on any origin, like an app's own route) or a full URL. */
export function routeMatches(route: string, request: Request): boolean {
  const url = new URL(request.url);
  if (route.startsWith('/')) return url.pathname === route;
  const target = new URL(route);
  return url.origin === target.origin && url.pathname === target.pathname;
}

/** Assembles the public mock: API handlers first, then the storages' upload and public handlers. */
export function toProviderMock(state: MockState, storages: MockStorage[], apiHandlers: HttpHandler[]): ProviderMock {
  return {
    handlers: [...apiHandlers, ...storages.flatMap((s) => [...s.uploadHandlers, ...s.publicHandlers])],
    calls: state.calls,
    uploads: state.uploads,
    reset() {
      state.calls.length = 0;
      state.uploads.length = 0;
      for (const storage of storages) storage.reset();
    },
  };
}

/** ISO 8601 without milliseconds, as eachlabs and modelroute print `expires_at`. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The value of `Authorization: Bearer <key>`, or undefined. */
export function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
}
