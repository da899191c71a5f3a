#!/usr/bin/env node
// `npm test` (through scripts/setup.mjs, which brings Node 22, node_modules and the browsers first): the
// typecheck, the build, every vitest project, then one plain `N passed, N failed` line, because CI reads that
// line and not vitest's own summary. A failed typecheck or build counts as one failed test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const resultsFile = join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });
rmSync(join(resultsDir, 'vitest-rerun.json'), { force: true });

process.env.STORYBOOK_DISABLE_TELEMETRY = '1'; // with it on, storybook waits on the closed network

// The whole tree typechecked (tests, stories, demo), not only what vitest's `types` project covers.
let stepsFailed = 0;
if (!process.env.MEDIA_UPLOADER_SKIP_TYPECHECK) {
  const typecheck = spawnSync('npm', ['run', 'typecheck', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (typecheck.status !== 0) {
    console.error('npm run typecheck failed (above); the tests run anyway');
    stepsFailed++;
  }
}

// The package project checks the built package, so build first (about 10 s).
if (!process.env.MEDIA_UPLOADER_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('npm run build failed');
    console.log(`\n0 passed, ${stepsFailed + 1} failed`);
    process.exit(1);
  }
}

const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skipped = 0;
let recoveredAll = false;
if (existsSync(resultsFile)) {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that crashed before its tests ran has no failed test but must still fail the run.
  const brokenSuites = (report.testResults ?? []).filter((suite) => suite.status === 'failed' && suite.assertionResults?.length === 0);
  failed += brokenSuites.length;
  // Real-browser files are run once more when their tests failed: vitest 5.1.0's browser runner sometimes loses its
  // iframe ('Cannot find "vitest-iframe" on the page'; Firefox's stacks do not say so), and every later test of that
  // file fails with it. A test counts as passed only if it passes in every project the rerun runs it in; the rerun is
  // printed, and a failure that comes back fails the run as before.
  const failures = (report.testResults ?? []).flatMap((suite) =>
    (suite.assertionResults ?? []).filter((test) => test.status === 'failed').map((test) => ({ file: suite.name, name: test.fullName })),
  );
  const isBrowserFile = (file) => /[/\\]test[/\\](browser|faults)[/\\]/.test(file);
  // Real-browser files that never ran: the browser closed under its project ('Target page, context or browser has
  // been closed', seen once with Firefox ESR under a full run's load), and vitest lists the rest of that project's
  // files as passed with no test. They are run once more too, and count only with what they pass then.
  const unrun = (report.testResults ?? []).filter((suite) => suite.status === 'passed' && (suite.assertionResults ?? []).length === 0 && isBrowserFile(suite.name));
  const browserFiles = [...new Set([...failures.map((f) => f.file), ...unrun.map((suite) => suite.name)])].filter(isBrowserFile);
  if (brokenSuites.length === 0 && browserFiles.length > 0 && failures.every((f) => browserFiles.includes(f.file))) {
    const rerunFile = join(resultsDir, 'vitest-rerun.json');
    console.log(`\nRunning ${browserFiles.length} real-browser file(s) with failed or unrun tests once more: ${browserFiles.map((f) => relative(root, f)).join(', ')}`);
    spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${rerunFile}`, ...browserFiles.map((f) => relative(root, f))], { cwd: root, stdio: 'inherit', env: process.env });
    const rerun = existsSync(rerunFile) ? JSON.parse(readFileSync(rerunFile, 'utf8')) : { testResults: [] };
    // A test a project skips (a WebKit-only `skipIf`) neither counts for it nor against it: it passes when it passed
    // at least once and failed nowhere.
    const outcomes = new Map();
    for (const suite of rerun.testResults ?? []) {
      for (const test of suite.assertionResults ?? []) {
        const key = `${suite.name}\u0000${test.fullName}`;
        const seen = outcomes.get(key) ?? { passed: 0, failed: 0 };
        if (test.status === 'passed') seen.passed++;
        // vitest's 'pending' is a test that started and never finished (its browser closed): a failure.
        else if (test.status !== 'skipped' && test.status !== 'todo') seen.failed++;
        outcomes.set(key, seen);
      }
    }
    const passedEverywhere = (f) => {
      const seen = outcomes.get(`${f.file}\u0000${f.name}`);
      return seen !== undefined && seen.passed > 0 && seen.failed === 0;
    };
    const recovered = failures.filter(passedEverywhere).length;
    console.log(`Rerun: ${recovered} of ${failures.length} failed tests passed in every project this time.`);
    passed += recovered;
    failed -= recovered;
    // An unrun file counts as the rerun's worst project ran it: its fewest passed tests, its most failed ones (the
    // report does not say which project's run is which).
    let unrunRecovered = 0;
    for (const suite of unrun) {
      const runs = (rerun.testResults ?? []).filter((again) => again.name === suite.name);
      const count = (again, status) => (again.assertionResults ?? []).filter((test) => test.status === status).length;
      const worstFailed = Math.max(0, ...runs.map((again) => count(again, 'failed')));
      const ranAll = runs.length > 0 && runs.every((again) => (again.assertionResults ?? []).length > 0);
      if (!ranAll || worstFailed > 0) failed += Math.max(1, worstFailed);
      else unrunRecovered++;
      if (runs.length > 0) passed += Math.min(...runs.map((again) => count(again, 'passed')));
    }
    if (unrun.length > 0) console.log(`Rerun: ${unrunRecovered} of ${unrun.length} real-browser files that never ran passed in every project this time.`);
    recoveredAll = recovered === failures.length && unrunRecovered === unrun.length;
  }
} else {
  failed = 1;
  console.error('vitest wrote no JSON report: the run crashed before any test finished.');
}
if (run.status !== 0 && failed === 0 && !recoveredAll) failed = 1;
failed += stepsFailed;

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
