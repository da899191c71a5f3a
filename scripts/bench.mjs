#!/usr/bin/env node
// `npm run bench`: sizes of what users ship, and the speed of the core's hot paths.
// Numbers, not pass/fail: budgets that fail the build live in test/package.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clientBundleSize } from './clientBundle.ts';

const root = join(import.meta.dirname, '..');
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

if (!process.env.MEDIA_UPLOADER_SKIP_BUILD) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

// 1. What an app downloads for the client entry (scripts/clientBundle.ts), and the files as published.
const client = await clientBundleSize(root);
const own = readFileSync(join(root, 'dist/index.js'));
const css = readFileSync(join(root, 'dist/styles.css'));
console.log('size');
console.log(`  dist/index.js (our code, unminified)        ${kb(own.length)}  gzip ${kb(gzipSync(own).length)}`);
console.log(`  client bundle with zod/mini + dropzone, min ${kb(client.bytes)}  gzip ${kb(client.gzip)}`);
console.log(`  styles.css                                  ${kb(css.length)}  gzip ${kb(gzipSync(css).length)}`);

// 2. Core speed: test/bench/*.bench.ts through vitest's bench runner (tinybench).
const core = spawnSync('npx', ['vitest', 'bench', '--run', '--config', 'test/bench/vitest.bench.config.ts'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(core.status ?? 1);
