// Package hygiene, checked on the built and packed package (npm test builds first; see scripts/test.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { publint } from 'publint';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** A built entry plus every local chunk it imports statically, transitively. */
function moduleGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = readFileSync(file, 'utf8');
    seen.set(file, code);
    for (const match of code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(resolve(dirname(file), (match[1] ?? match[2])!));
    }
  };
  visit(entry);
  return seen;
}

describe('the built package', () => {
  beforeAll(() => {
    if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  });

  it('is ESM without side effects and exports ., ./server and ./testing with types', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    for (const entry of ['.', './server', './testing']) {
      const target = pkg.exports[entry];
      expect(existsSync(join(root, target.import)), `${entry} import`).toBe(true);
      expect(existsSync(join(root, target.types)), `${entry} types`).toBe(true);
    }
  });

  it('keeps "use client" at the top of the React entry only', () => {
    expect(readFileSync(join(dist, 'index.js'), 'utf8').trimStart().startsWith('"use client"')).toBe(true);
    expect(readFileSync(join(dist, 'server.js'), 'utf8')).not.toMatch(/^\s*["']use client["']/);
  });

  it('ships no server or key-handling code in the browser entry', () => {
    const graph = moduleGraph(join(dist, 'index.js'));
    const code = [...graph.values()].join('\n');
    for (const forbidden of [
      'createPresignHandler',
      'createUploadProxyHandler',
      'toNodeHandler',
      'apiKey',
      'X-API-Key',
      'Bearer ',
      '@aws-sdk',
      'msw',
    ]) {
      expect(code, `browser entry contains ${forbidden}`).not.toContain(forbidden);
    }
    // Node built-ins by specifier (a `node: null` property is not one).
    for (const specifier of code.matchAll(/(?:from\s*|import\s*\(\s*)["'`]([^"'`]+)["'`]/g)) {
      expect(specifier[1], 'browser entry imports a Node built-in').not.toMatch(/^node:/);
    }
  });

  it('passes publint', async () => {
    const { messages } = await publint({ pkgDir: root, strict: true, level: 'warning' });
    expect(messages.map((m) => `${m.type} ${m.code} ${JSON.stringify(m.args)}`)).toEqual([]);
  });

  it('resolves its types under every module resolution (arethetypeswrong, esm-only)', () => {
    const out = join(root, 'test-results', 'attw');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    // Text output and the exit code: attw's JSON output is cut at 64 KiB when stdout is a pipe.
    const result = spawnSync(
      'npx',
      ['attw', join(out, tarball), '--profile', 'esm-only', '--exclude-entrypoints', './styles.css', '--no-emoji', '--no-color'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.status, result.stdout).toBe(0);
  });
});
