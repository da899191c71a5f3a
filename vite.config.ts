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

export default defineConfig({
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
    emptyOutDir: true,
    lib: {
      entry: {
        index: resolve(root, 'src/index.ts'),
        server: resolve(root, 'src/server/index.ts'),
        testing: resolve(root, 'src/testing/index.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        // Frameworks with server components need the directive at the top of the React entry.
        banner: (chunk: { name: string }) => (chunk.name === 'index' ? '"use client";' : ''),
      },
    },
  },
});
