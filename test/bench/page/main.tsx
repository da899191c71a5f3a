// The bench page: scripts/bench.mjs drives `window.bench` over the DevTools pipe (test/bench/launchChromium.mjs), one run at a time.
import { pngFile, sniffMs } from './files';
import { idealDropSession, mountVariant, type Session, type VariantName, type VariantSpec } from './variants';

export interface RunRequest extends Omit<VariantSpec, 'commits'> {
  variant: VariantName;
  /** A file set made earlier by `makeFiles`. */
  files: string;
  countCommits?: boolean;
}

export interface RunResult {
  ms: number;
  /** From the start to the first request (presign, or the PUT for raw XHR) leaving the page. */
  firstRequestMs: number | null;
  commits: number;
  frames: number;
  /** The most commits between two animation frames. */
  maxCommitsPerFrame: number;
}

export interface RowsResult {
  /** From the drop to the first animation frame after the list shows every file (null: no list). */
  rowsMs: number | null;
  firstRequestMs: number | null;
  /** From the drop to the first PUT leaving the page: what a render in between delays. */
  firstPutMs: number | null;
}

const sets = new Map<string, File[]>();
/** The batch `mount` readied, until `close`. */
let mounted: { session: Session; commits: number[]; start: () => Promise<void> } | null = null;
// Every request of a run must stay readable until the run ends (200 files make 400 entries).
performance.setResourceTimingBufferSize(1_000_000);

const REQUEST = /\/presign\?|\/put\//;

function firstRequestAfter(t0: number, kind = REQUEST): number | null {
  const starts = performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= t0 && kind.test(entry.name))
    .map((entry) => entry.startTime);
  return starts.length === 0 ? null : Math.min(...starts) - t0;
}

/**
 * Resource entries appear when a response ends: wait for the first one (the drop scenario stops early), then two frames
 * more, for a request that started earlier but ended later to be counted too.
 */
async function waitFirstRequest(t0: number, kind = REQUEST, timeoutMs = 60_000): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  while (firstRequestAfter(t0, kind) === null && performance.now() < deadline) await new Promise(requestAnimationFrame);
  for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
  return firstRequestAfter(t0, kind);
}

function frameCounter() {
  const frames: number[] = [];
  let on = true;
  const tick = (time: number) => {
    frames.push(time);
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop: () => ((on = false), frames),
  };
}

function maxPerFrame(commits: readonly number[], frames: readonly number[]): number {
  let max = 0;
  for (let i = 1; i < frames.length; i++) {
    const inFrame = commits.filter((time) => time > frames[i - 1]! && time <= frames[i]!).length;
    max = Math.max(max, inFrame);
  }
  return max;
}

const bench = {
  makeFiles(key: string, count: number, size: number): void {
    sets.set(key, Array.from({ length: count }, (_, i) => pngFile(`${key}-${i}.png`, size)));
  },
  sniffMs: (key: string) => sniffMs(sets.get(key)!),
  /** The median time between animation frames here (headless Chromium paces them too). */
  async frameMs(): Promise<number> {
    const frames = frameCounter();
    for (let i = 0; i < 31; i++) await new Promise(requestAnimationFrame);
    const times = frames.stop();
    const gaps = times.slice(1).map((time, i) => time - times[i]!).sort((a, b) => a - b);
    return gaps[Math.floor(gaps.length / 2)] ?? 0;
  },
  dropFiles(key: string): void {
    sets.delete(key);
  },

  /** One timed batch: mount, start the clock, send every file, stop when the last one is stored, unmount. */
  async run(request: RunRequest): Promise<RunResult> {
    await bench.mount(request);
    try {
      return await bench.go();
    } finally {
      bench.close();
    }
  },

  /**
   * A timed batch in three calls, so that what is measured around `go` (the main thread's busy time) is the batch
   * alone, without the variant's mount and unmount.
   */
  async mount(request: RunRequest): Promise<void> {
    const commits: number[] = [];
    const session = await mountVariant(request.variant, { ...request, commits: request.countCommits ? commits : null });
    mounted = { session, commits, start: session.arm(sets.get(request.files)!) };
  },
  async go(): Promise<RunResult> {
    const { start, commits } = mounted!;
    performance.clearResourceTimings();
    const frames = frameCounter();
    const t0 = performance.now();
    await start();
    const ms = performance.now() - t0;
    const seen = frames.stop();
    const during = commits.filter((time) => time >= t0);
    return {
      ms,
      firstRequestMs: firstRequestAfter(t0),
      commits: during.length,
      frames: seen.length,
      maxCommitsPerFrame: maxPerFrame(during, seen),
    };
  },
  close(): void {
    mounted?.session.close();
    mounted = null;
  },

  /**
   * Drops a file set onto a React variant and times until its list shows them all (then unmounts). The ideal
   * pipeline has no list: only its first request is timed.
   */
  async rows(request: RunRequest): Promise<RowsResult> {
    const files = sets.get(request.files)!;
    const spec = { ...request, commits: null };
    const session = request.variant === 'ideal' ? idealDropSession(spec) : await mountVariant(request.variant, spec);
    try {
      const start = session.arm(files);
      performance.clearResourceTimings();
      let t0 = 0;
      const shown = new Promise<number | null>((resolve) => {
        if (request.variant === 'ideal') return resolve(null);
        const observer = new MutationObserver(() => {
          if ((session.list?.children.length ?? 0) < files.length) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        observer.observe(document.getElementById('stage')!, { childList: true, subtree: true });
      });
      t0 = performance.now();
      void start().catch(() => {}); // the uploads themselves end with the unmount
      const rowsMs = await shown;
      return { rowsMs, firstRequestMs: await waitFirstRequest(t0), firstPutMs: await waitFirstRequest(t0, /\/put\//) };
    } finally {
      session.close();
    }
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
