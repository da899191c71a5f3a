// Builds the bench page as an app would ship it: a production bundle of the built package (dist/), React's
// profiling renderer (production speed, but <Profiler onRender> still reports commits).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** Returns the folder holding index.html and its assets. */
export async function buildBenchPage(root) {
  const outDir = mkdtempSync(join(tmpdir(), 'mu-bench-page-'));
  await build({
    configFile: false,
    root: join(root, 'test/bench/page'),
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    publicDir: false,
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^media-uploader$/, replacement: join(root, 'dist/index.js') },
        { find: /^media-uploader\/styles\.css$/, replacement: join(root, 'dist/styles.css') },
        { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
      ],
    },
    build: { outDir, emptyOutDir: true, minify: true, target: 'es2022', reportCompressedSize: false },
  });
  return outDir;
}
