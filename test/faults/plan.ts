// The seeded plan of a fault run, shared by the browser test and the fault server: which files, how big, which
// faults each request meets, and what a correct uploader must end with. Pure data: no DOM, no Node.
export type PresignFault = 'presign-500' | 'presign-429' | 'presign-html' | 'presign-error-json' | 'presign-hang';
export type PutFault =
  | 'put-reset'
  | 'put-stall'
  | 'put-throttle'
  | 'put-403-expired'
  | 'put-403-signature'
  | 'put-403-denied'
  | 'put-cors'
  | 'put-500'
  | 'put-slow-answer'
  | 'put-store-nothing';
export type Fault = PresignFault | PutFault;

/** The n-th presign request (or PUT) of a file meets `presign[n]` (or `put[n]`); null or missing: none. */
export interface FilePlan {
  presign: (PresignFault | null)[];
  put: (PutFault | null)[];
}

export interface FaultPlan {
  /** Keyed by the file name the browser presigns. */
  files: Record<string, FilePlan>;
  retryAfterSeconds?: number;
}

export interface LoggedRequest {
  seq: number;
  at: number;
  /** 'mark': not a request of the page, a point in the log the test set (POST /mark, its label as `file`). */
  kind: 'presign' | 'preflight' | 'put' | 'mark';
  file: string;
  key?: string;
  fault: Fault | null;
  /** The HTTP status answered; 0 when none was (hang, reset, stall, the browser went away). */
  status: number;
  headers: { cookie?: string; authorization?: string; 'x-app-token'?: string; origin?: string };
  /** A PUT's body bytes the server has read so far. */
  received?: number;
  /** How a PUT's request ended: its whole body read, or the connection closed before that. Unset while open. */
  body?: 'whole' | 'cut';
}

export interface StoredObject {
  key: string;
  file: string;
  size: number;
  sha256: string;
  storedAt: number;
  answeredAt: number;
  /** How many PUTs stored this key: more than 1 is a duplicate. */
  stores: number;
}

export interface FaultLog {
  requests: LoggedRequest[];
  objects: Record<string, StoredObject>;
}

/** mulberry32: a tiny seeded PRNG, the same numbers in the browser and in Node. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Kind = 'png' | 'mp4' | 'wav';

export interface PlannedFile {
  name: string;
  size: number;
  kind: Kind;
  plan: FilePlan;
}

/** Faults that a retry (or one re-presign) may get past, and faults that end the file. */
const TRANSIENT: Fault[] = ['presign-500', 'presign-429', 'presign-hang', 'put-reset', 'put-stall', 'put-cors', 'put-500', 'put-403-expired'];
const FATAL: Fault[] = ['presign-html', 'presign-error-json', 'put-403-signature', 'put-403-denied'];

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Sizes spread evenly on a log scale between min and max bytes: many small files, some large ones. */
export function planFiles(seed: number, count: number, minBytes: number, maxBytes: number): PlannedFile[] {
  const rng = random(seed);
  // A stream of its own, so adding slow answers left every other fault of a seed where it was.
  const slow = random(seed ^ 0x5105);
  return Array.from({ length: count }, (_, i) => {
    const size = Math.round(Math.exp(Math.log(minBytes) + rng() * (Math.log(maxBytes) - Math.log(minBytes))));
    // <img> previews decode the whole blob: keep PNGs small, let video and audio be large.
    const kind: Kind = size < 2 * 1024 * 1024 && rng() < 0.5 ? 'png' : rng() < 0.5 ? 'mp4' : 'wav';
    const plan: FilePlan = { presign: [], put: [] };
    // About 40% of files run clean; the rest meet one to four faults, now and then one that ends them.
    const faults = rng() < 0.4 ? 0 : 1 + Math.floor(rng() * rng() * 4);
    for (let f = 0; f < faults; f++) {
      const fault = rng() < 0.1 ? pick(rng, FATAL) : rng() < 0.15 ? 'put-throttle' : pick(rng, TRANSIENT);
      if (fault.startsWith('presign-')) plan.presign.push(fault as PresignFault);
      else plan.put.push(fault as PutFault);
    }
    // Now and then the PUT after the planned faults (the one that should succeed) is stored, then answered 3 s later:
    // a retry of it would store the file twice, which the run checks for.
    if (slow() < 0.06) plan.put.push('put-slow-answer');
    return { name: `s${seed}-f${String(i).padStart(3, '0')}.${kind}`, size, kind, plan };
  });
}

/**
 * What the uploader must end with when nothing else interferes, by the DESIGN.md rules: network errors, stalls,
 * 5xx and 429 are retried up to `retries` times; a 403 "Request has expired" is presigned again once for free;
 * an HTML or `{error}` presign answer and any other 403 end the file. A retried PUT (network error, stall, 5xx)
 * keeps its target; only the expired 403 presigns again. Every planned presign fault is met before the first
 * target, so a presign made after a PUT fault always succeeds.
 */
export function expectedStatus(plan: FilePlan, retries: number): 'done' | 'error' {
  let presigns = 0;
  let puts = 0;
  let failures = 0;
  let target = false;
  let expiredUsed = false;
  for (let guard = 0; guard < 100; guard++) {
    if (!target) {
      const fault = plan.presign[presigns++] ?? null;
      if (fault === 'presign-html' || fault === 'presign-error-json') return 'error';
      if (fault) {
        if (++failures > retries) return 'error';
        continue;
      }
      target = true;
    }
    const fault = plan.put[puts++] ?? null;
    if (fault === null || fault === 'put-throttle' || fault === 'put-slow-answer' || fault === 'put-store-nothing') return 'done';
    if (fault === 'put-403-signature' || fault === 'put-403-denied') return 'error';
    if (fault === 'put-403-expired') {
      target = false;
      if (!expiredUsed) {
        expiredUsed = true;
        continue;
      }
      return 'error';
    }
    if (++failures > retries) return 'error';
  }
  return 'error';
}
