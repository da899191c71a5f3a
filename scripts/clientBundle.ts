// What an app downloads for `media-uploader`: the built client entry plus its own dependencies (zod/mini,
// react-dropzone), minified as an app's bundler would, without the peers (react, react-dom, @tanstack/*) it has
// anyway. Used by the package test's budget and by `npm run bench`. Node runs this file directly (type stripping).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export interface BundleSize {
  bytes: number;
  gzip: number;
}

export async function clientBundleSize(root: string): Promise<BundleSize> {
  const work = mkdtempSync(join(tmpdir(), 'mu-client-'));
  try {
    const entry = join(work, 'entry.js');
    writeFileSync(entry, `export * from ${JSON.stringify(join(root, 'dist/index.js'))};\n`);
    await build({
      configFile: false,
      logLevel: 'silent',
      // As an app's production build: dev-only branches of dependencies drop out (vitest itself runs as 'test').
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      publicDir: false,
      build: {
        outDir: join(work, 'out'),
        minify: true,
        lib: { entry, formats: ['es'], fileName: 'bundle' },
        rolldownOptions: { external: (id: string) => /^(react|react-dom|@tanstack\/)/.test(id) },
      },
    });
    const out = join(work, 'out');
    const code = readdirSync(out)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(out, name)));
    const all = Buffer.concat(code);
    return { bytes: all.length, gzip: gzipSync(all).length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
