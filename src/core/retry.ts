// Retry policy as data (TanStack Query style): which failures are tried again, and after how long.
import { isRetryable, retryAfterOf } from './errors';
import type { RetryPolicy, UploadError, UploadOptions } from './types';

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY: ResolvedRetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** What work rejects with (or a presign or a send answers) when it was canceled: never retried, never shown. */
export const ABORTED = Object.freeze({ ok: false as const, aborted: true as const });

export function resolveRetryPolicy(retry: UploadOptions['retry']): ResolvedRetryPolicy {
  if (retry === undefined || retry === true) return DEFAULT_RETRY;
  // A number of retries, or `false` for none (+false is 0).
  const given: RetryPolicy = typeof retry === 'object' ? retry : { retries: +retry };
  // A setting left undefined keeps its default; one that is negative or no number (NaN from plain JS) is 0, so a
  // policy never retries for ever nor waits a negative time.
  return Object.fromEntries(
    Object.entries(DEFAULT_RETRY).map(([key, fallback]) => [key, Math.max(0, given[key as keyof RetryPolicy] ?? fallback) || 0]),
  ) as ResolvedRetryPolicy;
}

/**
 * Capped exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * min(maxDelayMs, baseDelayMs * 2^n), so many failed uploads do not all come back at once.
 */
export function backoffDelay(failureCount: number, policy: ResolvedRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** failureCount);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait before the next attempt after `failures` earlier failures, or null when `error` is final. Network errors,
 * 5xx, 408, 429 and stalls are retried; other 4xx never. A 429/503 Retry-After is never cut short.
 */
export function retryDelay(failures: number, error: UploadError, retry: UploadOptions['retry']): number | null {
  const policy = resolveRetryPolicy(retry);
  if (!isRetryable(error) || failures >= policy.retries) return null;
  return Math.max(backoffDelay(failures, policy), retryAfterOf(error) ?? 0);
}

/**
 * A wait that rejects with ABORTED as soon as `signal` aborts. `start` begins it, calls `done` (or `fail`) when it is
 * over and returns how to stop it; either way no timer, subscription or listener is left behind.
 */
export function abortableWait<T = void>(signal: AbortSignal, start: (done: (value: T) => void, fail: (error: unknown) => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(ABORTED);
    let stop = () => {};
    const end = (settle: (outcome: any) => void) => (outcome?: unknown) => {
      stop();
      signal.removeEventListener('abort', onAbort);
      settle(outcome);
    };
    const onAbort = end(() => reject(ABORTED));
    signal.addEventListener('abort', onAbort, { once: true });
    stop = start(end(resolve), end(reject));
  });
}

/** Resolves after `ms`, or rejects with ABORTED as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return abortableWait(signal, (done) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  });
}

/** Settles with `work`, or rejects with ABORTED as soon as `signal` aborts (work that ignores its signal). */
export const untilAborted = <T>(work: T | Promise<T>, signal: AbortSignal): Promise<T> =>
  abortableWait<T>(signal, (done, fail) => (Promise.resolve(work).then(done, fail), () => {}));
