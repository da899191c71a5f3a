#!/usr/bin/env node
// `npm run bench`: sizes of what users ship, then upload speed, React commits, heap and drop latency in headless
// Chromium through the public API only (test/bench/). Figures, not pass/fail: budgets that fail live in test/package.
// BENCH_RUNS=n sets the rounds (default 7, after one warm-up round; 3n and 5n for the short batches, runBrowser.mjs BATCHES);
// BENCH_ONLY=20x5MB,drop1000 runs only those scenarios; MEDIA_UPLOADER_SKIP_BUILD=1 reuses dist/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBenchPage } from '../test/bench/buildPage.mjs';
import { machineLine, referenceLines, summarize, table, targets } from '../test/bench/report.mjs';
import { BATCHES, runBrowserBench } from '../test/bench/runBrowser.mjs';
import { formatSizes, measureSizes } from './sizes.mjs';

const root = join(import.meta.dirname, '..');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const started = Date.now();

if (!process.env.MEDIA_UPLOADER_SKIP_BUILD) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

// 1. What an app downloads, per public export as issue 6 measures it (scripts/sizes.mjs, budgets in the package test).
console.log('size');
const size = await measureSizes(root);
console.log(formatSizes(size));

// 2. The browser bench: the page (twice built: test/bench/buildPage.mjs), variants alternating, medians of the rounds.
const longer = BATCHES.filter((b) => b.rounds).map((b) => `${runs * b.rounds} for ${b.id}`);
console.log(`\nbrowser (${runs} rounds${longer.length ? `, ${longer.join(', ')}` : ''})`);
const pageDir = await buildBenchPage(root);
let bench;
try {
  bench = await runBrowserBench({ root, pageDir, runs, log: console.log });
} finally {
  rmSync(pageDir, { recursive: true, force: true });
}
const summary = summarize(bench);

console.log(`\n${machineLine(bench)}\n`);
console.log(table(bench, summary));
const references = referenceLines(summary);
if (references.length) console.log(`\n${references.join('\n')}`);
console.log('\ntargets (printed, not enforced)');
for (const line of targets(bench, summary)) console.log(`  ${line}`);

const out = join(root, 'bench-results');
mkdirSync(out, { recursive: true });
const file = join(out, 'bench.json');
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), size, ...bench, summary }, null, 2)}\n`);
console.log(`\nwrote ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
