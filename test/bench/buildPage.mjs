// Builds the bench page as an app ships it (production bundle of dist/): with React's production renderer at `/` for
// the timed runs, with its profiling renderer (slower: React 19.2+ logs performance tracks) at /profiling/ for commits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** Where the profiling build's page is, under the folder buildBenchPage returns. */
export const PROFILING_PAGE = '/profiling/index.html';

/** Returns the folder holding index.html (production React) and profiling/index.html, and their assets. */
export async function buildBenchPage(root) {
  const outDir = mkdtempSync(join(tmpdir(), 'mu-bench-page-'));
  for (const profiling of [false, true]) {
    await build({
      configFile: false,
      root: join(root, 'test/bench/page'),
      base: profiling ? '/profiling/' : '/',
      logLevel: 'warn',
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      publicDir: false,
      plugins: [react()],
      resolve: {
        alias: [
          { find: /^media-uploader$/, replacement: join(root, 'dist/index.js') },
          { find: /^media-uploader\/styles\.css$/, replacement: join(root, 'dist/styles.css') },
          ...(profiling ? [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] : []),
        ],
      },
      build: { outDir: profiling ? join(outDir, 'profiling') : outDir, emptyOutDir: true, minify: true, target: 'es2022', reportCompressedSize: false },
    });
  }
  return outDir;
}
