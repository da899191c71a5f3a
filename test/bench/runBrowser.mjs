// Drives the bench page in headless Debian Chromium: every scenario, variants alternating within each round, `runs`
// rounds (times a scenario's `rounds`). Returns raw samples; report.mjs turns them into medians, ratios and targets.
import { cpus, loadavg } from 'node:os';
import { PROFILING_PAGE } from './buildPage.mjs';
import { launchChromium } from './launchChromium.mjs';
import { startBenchServers } from './servers.mjs';

const MB = 1024 * 1024;
export const VARIANTS = ['raw-xhr', 'ideal', 'createUploader', 'useUpload', 'MediaUploader'];
const REACT = ['useUpload', 'MediaUploader'];
// Heap: the ideal pipeline is the reference; raw XHR adds nothing to it and 500 MB more per round.
const HEAP_VARIANTS = VARIANTS.filter((v) => v !== 'raw-xhr');

/**
 * Reference runs in 20 × 5 MB only (page/variants.tsx), by name: what each adds to the ideal pipeline, apart from the
 * library, as the report says it.
 */
export const REFERENCES = {
  idealRead: "with each file's first 64 KB read before its presign, two files at a time ahead of the pool (the library's check)",
  idealList: 'plus a React list of its files rendered at most once a frame (the least a React uploader shows of progress)',
};

/** Timed batches, every variant (and the references where `reference` is set), compared with the ideal pipeline. */
export const BATCHES = [
  // More rounds for the two short batches (0.2-0.5 s): with 7, the same code's ratio moved by ±0.1 from run to run, and
  // with 21 by up to ±0.07 on 20 × 5 MB, which has the tightest target (1.05×): one round's ratio to the ideal pipeline
  // spreads over ±0.15 on this 2-core machine.
  { id: '1x100MB', label: '1 × 100 MB', count: 1, size: 100 * MB, concurrency: 1, presignDelayMs: 0, rounds: 3 },
  { id: '20x5MB', label: '20 × 5 MB, 4 at a time', count: 20, size: 5 * MB, concurrency: 4, presignDelayMs: 0, rounds: 5, reference: true },
  { id: '200x50KB', label: '200 × 50 KB, 50 ms presign, 6 at a time', count: 200, size: 50 * 1024, concurrency: 6, presignDelayMs: 50 },
];
// A slow sink: each file takes long enough to fire many progress events, as on a real network.
const COMMITS = { id: 'commits', count: 20, size: 5 * MB, concurrency: 4, presignDelayMs: 0, slow: true };
const HEAP = { id: 'heap', count: 1, size: 500 * MB, concurrency: 1, presignDelayMs: 0 };
const DROP = { id: 'drop1000', count: 1000, size: 10 * 1024, concurrency: 6, presignDelayMs: 0 };

/** The pause before each timed run. */
const SETTLE_MS = 500;

/** A React variant's run with no commit counted was measured on a page without the profiling renderer. */
function counted(sample) {
  if (sample.commits === 0) throw new Error(`no React commit counted: is ${PROFILING_PAGE} built with react-dom/profiling?`);
  return sample;
}

/** Round `round`'s order: rotated, and reversed every other round, so no variant always follows the same one. */
const orderOf = (list, round) => {
  const rotated = list.map((_, i) => list[(i + round) % list.length]);
  return round % 2 ? rotated.reverse() : rotated;
};

function request(scenario, variant, sinkOrigin, extra = {}) {
  const { concurrency, presignDelayMs } = scenario;
  return { variant, files: scenario.id, sinkOrigin, concurrency, presignDelayMs, slow: Boolean(scenario.slow), ...extra };
}

/**
 * One timed batch, and the page's main-thread busy time (Chromium's TaskDuration) while it ran, in ms: the variant is
 * mounted before and unmounted after the two readings.
 */
async function timedWithBusy(page, call, request) {
  const busy = async () => (await page.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  await call('mount', request);
  try {
    const before = await busy();
    const result = await call('go');
    return { ...result, busyMs: ((await busy()) - before) * 1000 };
  } finally {
    await call('close');
  }
}

/** Peak JS heap above the post-GC baseline while one run goes, sampled through CDP. */
async function withHeap(page, run) {
  await page.send('HeapProfiler.collectGarbage');
  const base = (await page.send('Runtime.getHeapUsage')).usedSize;
  let peak = base;
  let running = true;
  const result = run().finally(() => (running = false));
  while (running) {
    peak = Math.max(peak, (await page.send('Runtime.getHeapUsage')).usedSize);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { ...(await result), heapAddedMB: (peak - base) / MB };
}

export async function runBrowserBench({ pageDir, runs, log }) {
  const servers = await startBenchServers(pageDir);
  const browser = await launchChromium();
  const load = [loadavg()[0]];
  try {
    const { page } = browser;
    // An error in the page fails its scenario: the figures of a run that went wrong measure something else.
    const errors = [];
    page.onError((message) => {
      log(`  page error: ${message}`);
      errors.push(message);
    });
    await page.send('Performance.enable');
    let shown = '';
    /** Loads the bench page with React's production renderer ('/') or its profiling one (PROFILING_PAGE). */
    const open = async (path) => {
      if (shown === path) return;
      await page.goto(`${servers.pageOrigin}${path}`, `'bench' in window`);
      shown = path;
    };
    await open('/');
    const call = (method, ...args) => page.evaluate(`window.bench[${JSON.stringify(method)}](...${JSON.stringify(args)})`);
    const samples = {};
    const add = (scenario, variant, sample) => ((samples[scenario] ??= {})[variant] ??= []).push(sample);

    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      chromium: browser.version,
      node: process.version,
      frameMs: await call('frameMs'),
    };

    const scenarios = [
      ...BATCHES.map((s) => ({ s, variants: s.reference ? [...VARIANTS, ...Object.keys(REFERENCES)] : VARIANTS, measure: (v) => timedWithBusy(page, call, request(s, v, servers.sinkOrigin)) })),
      { s: COMMITS, variants: REACT, page: PROFILING_PAGE, measure: (v) => call('run', request(COMMITS, v, servers.sinkOrigin, { countCommits: true })).then(counted) },
      { s: HEAP, variants: HEAP_VARIANTS, measure: (v) => withHeap(page, () => call('run', request(HEAP, v, servers.sinkOrigin))) },
      { s: DROP, variants: ['ideal', ...REACT], measure: (v) => call('rows', request(DROP, v, servers.sinkOrigin)) },
    ];
    // BENCH_ONLY=20x5MB,drop1000 runs those scenarios alone (what a change is about); the rest print as —.
    const only = process.env.BENCH_ONLY?.split(',').map((id) => id.trim());
    const sniff = {};
    const roundsOf = {};
    for (const { s, variants, measure, page: path = '/' } of scenarios.filter(({ s }) => !only || only.includes(s.id))) {
      const started = Date.now();
      await open(path);
      await call('makeFiles', s.id, s.count, s.size);
      sniff[s.id] = await call('sniffMs', s.id);
      // Round -1 warms up (code compiled, connections and caches as in later rounds) and is not kept: the first
      // variant of the first round took up to twice its later time.
      const rounds = runs * (s.rounds ?? 1);
      for (let round = -1; round < rounds; round++) {
        for (const variant of orderOf(variants, Math.max(0, round))) {
          // A timed run starts at rest: the last run's aftermath (100 MB freed by the sink and the browser) slowed the
          // next batch (the ideal pipeline's 20 × 5 MB: 399 ms without the pause, 326 ms with it, 15 rounds each).
          if (BATCHES.includes(s)) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          await page.send('HeapProfiler.collectGarbage');
          const sample = await measure(variant);
          if (round >= 0) add(s.id, variant, sample);
        }
      }
      await call('dropFiles', s.id);
      if (errors.length) throw new Error(`${s.id}: ${errors.length} error(s) in the page:\n${errors.join('\n')}`);
      load.push(loadavg()[0]);
      roundsOf[s.id] = rounds;
      log(`  ${s.id}: ${rounds} rounds (and a warm-up) of ${variants.length} variants in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return { machine: { ...machine, loadAverage1m: load }, runs, rounds: roundsOf, sniffMs: sniff, samples, server: servers.stats };
  } finally {
    await browser.close();
    await servers.close();
  }
}
