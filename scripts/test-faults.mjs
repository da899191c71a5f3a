#!/usr/bin/env node
// `npm run test:faults`: the seeded fault run in full (200 files of 0.1 to 20 MB through the real widget in
// Chromium, faults from the seed), then its table. `SEED=<n> npm run test:faults` replays one seed;
// FAULTS_FILES=<n> changes the file count. npm test runs the short form of the same project.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'test-results', 'faults');
rmSync(reports, { recursive: true, force: true });

const env = { ...process.env, FAULTS: process.env.FAULTS ?? 'full' };
const run = spawnSync('npx', ['vitest', 'run', '--project', 'faults', 'test/faults/seededRun.test.tsx', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env,
});

// The tables again, after vitest's own output, with any problem each seed found.
if (existsSync(reports)) {
  for (const name of readdirSync(reports).sort()) {
    console.log(`\n== ${name.replace(/\.txt$/, '')} ==\n${readFileSync(join(reports, name), 'utf8')}`);
  }
} else {
  console.error('The fault run wrote no table: it failed before a seed finished (see above).');
}
process.exit(run.status ?? 1);
