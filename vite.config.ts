import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { transform } from 'lightningcss';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

// Peers and server-only packages stay outside the bundle; a function also covers subpaths
// such as react/jsx-runtime and @aws-sdk/client-s3's internals.
const external = (id: string) =>
  /^(react|react-dom|@tanstack\/(react-query|query-core)|msw|@aws-sdk|node:)(\/|$)/.test(id);

// Two passes (`--mode client`, then `--mode node`): with the browser entry built alone, what it shares with its lazy
// media chunks stays in index.js instead of chunks shared with server.js, so an app's bundler gets one file to load up
// front and the lazy chunks import from it.
export default defineConfig(({ mode }) => ({
  plugins: [
    react(),
    {
      name: 'media-uploader:copy-styles',
      closeBundle() {
        mkdirSync(resolve(root, 'dist'), { recursive: true });
        // Minified as an app's bundler would (lightningcss, Vite's own): comments and spaces are not what users pay for.
        // No targets: modern syntax such as light-dark() stays as written.
        const source = resolve(root, 'src/react/styles.css');
        const { code } = transform({ filename: source, code: readFileSync(source), minify: true });
        writeFileSync(resolve(root, 'dist/styles.css'), code);
      },
    },
  ],
  // Vite copies public/ into dist in library mode (msw's worker would ship): public/ is for tests and Storybook only.
  publicDir: false,
  build: {
    target: 'es2022',
    minify: false,
    sourcemap: true,
    emptyOutDir: mode !== 'node',
    lib: {
      entry: (mode === 'node'
        ? { server: resolve(root, 'src/server/index.ts'), testing: resolve(root, 'src/testing/index.ts') }
        : { index: resolve(root, 'src/index.ts') }) as Record<string, string>,
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      // Lets what index.js shares with its lazy chunks live in index.js (the lazy chunks import it from there).
      preserveEntrySignatures: 'allow-extension',
      output: {
        // The engine and the React layer in chunks of their own, index.js only re-exporting them: an app that imports
        // createUploader alone then pulls in neither the React code nor React's imports (a bundler keeps an unused
        // import of an external package, since it may have side effects). Lazy modules keep their own chunks.
        codeSplitting: mode === 'node' ? true : {
          groups: [
            { name: 'core', test: (id: string) => /src\/core\/(?!media\/|prepareStep|storageError|presignRefusal|presignAhead|validateFile|workerReader|describeAccept|formatBytes)/.test(id) },
            // Words for hints and refused files: used up front by the React layer, by the engine only once a file is
            // refused (lazily), so a headless app does not load them with createUploader.
            { name: 'words', test: /src\/core\/(describeAccept|formatBytes)\.ts$/ },
            { name: 'react', test: /src\/react\// },
          ],
        },
        // Chunks named after their module, with no hash: an app's bundler hashes what it ships, and a hash here put a
        // change in a lazy chunk into the size of every entry that imports it (its name is in the import). Not a name
        // the node build writes next (server.js, testing.js): it does not empty dist/ first.
        ...(mode === 'node'
          ? {}
          : { chunkFileNames: (chunk: { name: string }) => (['server', 'testing'].includes(chunk.name) ? '[name]-[hash].js' : '[name].js') }),
        // Frameworks with server components need the directive at the top of the React entry.
        banner: (chunk: { name: string }) => (chunk.name === 'index' ? '"use client";' : ''),
      },
    },
  },
}));
