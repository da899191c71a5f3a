#!/usr/bin/env node
// `npm run bench`: sizes of what users ship, and the speed of the core's hot paths.
// Numbers, not pass/fail: budgets that fail the build live in test/package.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

if (!process.env.MEDIA_UPLOADER_SKIP_BUILD) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

// 1. What an app downloads for the client entry: our code plus zod/mini and react-dropzone,
//    minified and gzipped, without the peers (react, react-dom, @tanstack/*) that the app has anyway.
const work = mkdtempSync(join(tmpdir(), 'mu-bench-'));
try {
  writeFileSync(join(work, 'entry.js'), `export * from ${JSON.stringify(join(root, 'dist/index.js'))};\n`);
  const config = join(work, 'vite.config.mjs');
  writeFileSync(
    config,
    `export default { logLevel: 'silent', build: { outDir: ${JSON.stringify(join(work, 'out'))}, minify: true,
      lib: { entry: ${JSON.stringify(join(work, 'entry.js'))}, formats: ['es'], fileName: 'bundle' },
      rolldownOptions: { external: (id) => /^(react|react-dom|@tanstack\\/)/.test(id) } } };\n`,
  );
  const built = spawnSync('npx', ['vite', 'build', '--config', config], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr || built.stdout);
  const bundle = readFileSync(join(work, 'out', readdirSync(join(work, 'out')).find((f) => f.endsWith('.js'))));
  const own = readFileSync(join(root, 'dist/index.js'));
  const css = readFileSync(join(root, 'dist/styles.css'));
  console.log('size');
  console.log(`  dist/index.js (our code, unminified)        ${kb(own.length)}  gzip ${kb(gzipSync(own).length)}`);
  console.log(`  client bundle with zod/mini + dropzone, min ${kb(bundle.length)}  gzip ${kb(gzipSync(bundle).length)}`);
  console.log(`  styles.css                                  ${kb(css.length)}  gzip ${kb(gzipSync(css).length)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// 2. Core speed: test/bench/*.bench.ts through vitest's bench runner (tinybench).
const core = spawnSync('npx', ['vitest', 'bench', '--run', '--config', 'test/bench/vitest.bench.config.ts'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(core.status ?? 1);
