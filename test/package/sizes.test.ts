// Size budgets (issue 6) on what an app downloads for each client export, measured by scripts/sizes.mjs from the
// built package (npm test builds first), and a check of how that script counts on a package made in the test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUDGETS, formatSizes, measureSizes } from '../../scripts/sizes.mjs';

const root = resolve(import.meta.dirname, '../..');

// Every budget is enforced. createUploader was 13,189 B at dc7c57f and 10,731 B once React's imports, the failure
// sentences and the preparing step left what it loads up front.
const PENDING = new Set<string>();

type Sizes = Awaited<ReturnType<typeof measureSizes>>;

describe('what an app downloads for each client export (esbuild --bundle --minify, es2020, gzip -9)', () => {
  let sizes: Sizes;
  beforeAll(async () => {
    sizes = await measureSizes(root);
    console.log(formatSizes(sizes));
  });

  const enforced = Object.entries(BUDGETS).filter(([name]) => !PENDING.has(name));
  if (enforced.length > 0) it.each(enforced)('%s stays within %i bytes gzip', (name, budget) => {
    expect(sizes[name]!.gzip).toBeLessThanOrEqual(budget);
  });

  it('createUploader alone imports no React: only @tanstack/query-core', () => {
    expect(sizes.createUploader!.peers).toEqual(['@tanstack/query-core']);
  });

  it('leaves the peers to the app: no react, react-dom or @tanstack code is counted', () => {
    for (const name of ['MediaUploader', 'useUpload', 'createUploader']) {
      expect(Object.keys(sizes[name]!.inputs).filter((pkg) => /^(react|react-dom|@tanstack\/.*)$/.test(pkg)), name).toEqual([]);
    }
  });
});

describe('scripts/sizes.mjs counts', () => {
  let fake: string;
  beforeAll(() => {
    // A package with one export behind import(), one that imports a peer, one that shares a module with another.
    fake = mkdtempSync(join(tmpdir(), 'mu-sizes-test-'));
    mkdirSync(join(fake, 'dist'));
    const filler = (seed: number) => Array.from({ length: 400 }, (_, i) => `${(i * seed * 2654435761) % 1000003}`).join(',');
    writeFileSync(join(fake, 'dist/lazy.js'), `export const table = [${filler(7)}];\n`);
    writeFileSync(join(fake, 'dist/shared.js'), `export const shared = [${filler(3)}];\n`);
    writeFileSync(
      join(fake, 'dist/index.js'),
      [
        `import { useState } from 'react';`,
        `import { QueryClient } from '@tanstack/react-query';`,
        `import { shared } from './shared.js';`,
        `export const MediaUploader = () => import('./lazy.js').then((m) => m.table.length);`,
        `export const useUpload = () => useState(shared.length);`,
        `export const createUploader = () => new QueryClient();`,
      ].join('\n'),
    );
    writeFileSync(join(fake, 'dist/styles.css'), '.mu { color: red; }\n');
  });
  afterAll(() => rmSync(fake, { recursive: true, force: true }));

  it('a chunk behind import() apart from its entry, peers not at all, only what each export reaches', async () => {
    const sizes = await measureSizes(fake);
    const lazy = sizes.MediaUploader!.lazy;
    expect(lazy).toHaveLength(1);
    expect(lazy[0]!.bytes).toBeGreaterThan(sizes.MediaUploader!.bytes * 5);
    expect(sizes.useUpload!.bytes).toBeGreaterThan(1500); // the shared table is in it
    expect(sizes.useUpload!.inputs).toEqual({ 'media-uploader': expect.any(Number) });
    expect(sizes.createUploader!.bytes).toBeLessThan(200); // only its own line: QueryClient stays external
    expect(sizes['styles.css']).toMatchObject({ bytes: 20, lazy: [] });
    expect(formatSizes(sizes)).toMatch(/\| MediaUploader \| \d+ \| \d+ \| 20000 ok \| lazy-\w+\.js \d+ \|/);
  });
});
