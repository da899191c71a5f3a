// Retry policy as data, run by TanStack Query's retryer (a mutation per upload), not a hand-written loop.
import { MutationObserver, type QueryClient } from '@tanstack/query-core';
import { isRetryable, isUploadError, retryAfterOf } from './errors';
import type { RetryPolicy, UploadError, UploadOptions } from './types';

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY: ResolvedRetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** What an attempt rejects with when it was canceled: never retried, never shown. */
export const ABORTED = Object.freeze({ aborted: true as const });
export type AttemptFailure = UploadError | typeof ABORTED;

export function resolveRetryPolicy(retry: UploadOptions['retry']): ResolvedRetryPolicy {
  if (retry === undefined || retry === true) return DEFAULT_RETRY;
  if (retry === false) return { ...DEFAULT_RETRY, retries: 0 };
  if (typeof retry === 'number') return { ...DEFAULT_RETRY, retries: Math.max(0, retry) };
  return { ...DEFAULT_RETRY, ...retry };
}

/**
 * Capped exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * min(maxDelayMs, baseDelayMs * 2^n), so many failed uploads do not all come back at once.
 */
export function backoffDelay(failureCount: number, policy: ResolvedRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** failureCount);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Network errors, 5xx, 408, 429 and stalls are retried; aborts and other 4xx never. */
export function shouldRetry(failureCount: number, error: AttemptFailure, policy: ResolvedRetryPolicy): boolean {
  return isUploadError(error) && isRetryable(error) && failureCount < policy.retries;
}

export interface UploadMutation {
  client: QueryClient;
  key: readonly unknown[];
  run: () => Promise<string>;
  policy: () => ResolvedRetryPolicy;
  /** The upload's signal: ends the backoff wait at once (cancel, remove, unmount). */
  signal: AbortSignal;
  /** Called when an attempt failed and the retryer will try again after its delay. */
  onRetry?: (failureCount: number) => void;
}

/**
 * Runs one upload as a mutation keyed `['media-uploader', …]`, so `useIsMutating` sees it.
 * networkMode 'online' pauses while offline (TanStack's onlineManager) instead of burning retries.
 */
export function runUploadMutation(spec: UploadMutation): { promise: Promise<string>; detach: () => void; discard: () => void } {
  // The backoff is waited out inside the next attempt, where the signal can end it: query-core's own retry
  // delay cannot be canceled, so its timer (and the File it holds) outlived a cancel or an unmount.
  let retryAt = 0;
  const observer = new MutationObserver<string, AttemptFailure, void>(spec.client, {
    mutationKey: spec.key,
    mutationFn: async () => {
      await sleepUntil(retryAt, spec.signal);
      return spec.run();
    },
    retry: (failureCount, error) => {
      if (spec.signal.aborted || !shouldRetry(failureCount, error, spec.policy())) return false;
      // A 429 or 503 that says how long to wait (Retry-After) is not asked again sooner. Counted from the
      // failure: time spent paused offline is part of the wait.
      retryAt = Date.now() + Math.max(backoffDelay(failureCount, spec.policy()), retryAfterOf(error) ?? 0);
      return true;
    },
    retryDelay: 0,
    networkMode: 'online',
  });
  let failures = 0;
  const unsubscribe = observer.subscribe((result) => {
    if (result.isPending && result.failureCount > failures) {
      failures = result.failureCount;
      spec.onRetry?.(failures);
    }
  });
  const promise = observer.mutate();
  const cache = spec.client.getMutationCache();
  // `build` adds the mutation synchronously; the key is unique per run, so this is ours.
  const mutation = cache.find({ mutationKey: spec.key, exact: true });
  return {
    promise,
    detach: () => {
      unsubscribe();
      observer.reset();
    },
    // Dropping a canceled mutation from the cache keeps `useIsMutating` honest at once, before its
    // backoff wait or attempt rejects on the aborted signal.
    discard: () => {
      unsubscribe();
      observer.reset();
      if (mutation && mutation.state.status === 'pending') cache.remove(mutation);
    },
  };
}

/** Resolves at `at` (epoch ms), or rejects with ABORTED as soon as the signal aborts; leaves no timer or listener. */
function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(ABORTED);
  const ms = at - Date.now();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(ABORTED);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
