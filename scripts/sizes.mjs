#!/usr/bin/env node
// What an app downloads, measured as the peers were measured (issue 6): each public client export bundled alone
// from the built dist/index.js by esbuild (--bundle --minify, ESM, target es2020) with the peers external, each
// file gzipped at level 9. Chunks reached only through import() are reported apart: they load when used.
// `node scripts/sizes.mjs` prints the figures; the package test enforces BUDGETS; scripts/bench.mjs prints them too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

/** Gzip budgets in bytes (issue 6): three client entries and the stylesheet. */
export const BUDGETS = { MediaUploader: 20_000, useUpload: 17_000, createUploader: 11_000, 'styles.css': 2_000 };

/** Bundled with the app, not with us: an app that renders React has them already. */
export const PEERS = ['react', 'react-dom', '@tanstack/react-query', '@tanstack/query-core'];

const ENTRIES = ['MediaUploader', 'useUpload', 'createUploader'];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * One export bundled alone: `entry` is what loads up front (the entry chunk and every chunk it imports
 * statically), `lazy` the chunks behind import(); `inputs` is the minified bytes each package adds to `entry`.
 */
async function measureExport(root, name, work) {
  const entry = join(work, `${name}.js`);
  writeFileSync(entry, `export { ${name} } from ${JSON.stringify(join(root, 'dist/index.js'))};\n`);
  const outdir = join(work, name);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    splitting: true,
    outdir,
    external: PEERS,
    metafile: true,
    // Output paths in the metafile are relative to this: the same base as `files` below, whatever the cwd.
    absWorkingDir: root,
    write: false,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((file) => [relative(root, file.path), file.contents]));
  const outputs = result.metafile.outputs;
  // Chunks behind import() are entry points to esbuild too: the export's own is the one built from `entry`.
  const entryOut = Object.keys(outputs).find((path) => outputs[path].entryPoint === relative(root, entry));
  if (!entryOut) throw new Error(`sizes.mjs: esbuild's metafile has no output for ${relative(root, entry)}`);
  const upFront = new Set();
  const visit = (path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entryOut);
  const sum = (paths) => paths.reduce((total, path) => ({ bytes: total.bytes + files.get(path).length, gzip: total.gzip + gzip(files.get(path)) }), { bytes: 0, gzip: 0 });
  const inputs = {};
  // The peers an app must load for this export: an unused import of an external package still stays in the bundle.
  const peers = new Set();
  for (const path of upFront) {
    for (const imported of outputs[path].imports) if (imported.external) peers.add(imported.path);
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path].inputs)) {
      const owner = packageOf(input);
      inputs[owner] = (inputs[owner] ?? 0) + bytesInOutput;
    }
  }
  const lazyPaths = Object.keys(outputs).filter((path) => !upFront.has(path) && path.endsWith('.js'));
  return {
    ...sum([...upFront]),
    lazy: lazyPaths.map((path) => ({ chunk: basename(path), ...sum([path]) })),
    inputs,
    peers: [...peers].sort(),
  };
}

/** `zod`, `react-dropzone`, `file-selector`… for a file under node_modules; `media-uploader` for ours. */
function packageOf(input) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1] : 'media-uploader';
}

/** Every figure, from the built package under `root` (run `npm run build` first). */
export async function measureSizes(root) {
  const work = mkdtempSync(join(tmpdir(), 'mu-sizes-'));
  try {
    const entries = {};
    for (const name of ENTRIES) entries[name] = await measureExport(root, name, work);
    const css = readFileSync(join(root, 'dist/styles.css'));
    entries['styles.css'] = { bytes: css.length, gzip: gzip(css), lazy: [], inputs: {} };
    // For comparison, not budgeted: the stylesheet as an app's bundler would minify it.
    const { code } = await transform(css.toString(), { loader: 'css', minify: true });
    entries['styles.css minified'] = { bytes: Buffer.byteLength(code), gzip: gzip(code), lazy: [], inputs: {} };
    return entries;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A markdown table of the figures against the budgets, and what each package adds to each entry. */
export function formatSizes(entries) {
  const lines = ['| entry | minified B | gzip B | budget B | lazy chunks (gzip B) | minified B by package |', '| --- | ---: | ---: | ---: | --- | --- |'];
  for (const [name, size] of Object.entries(entries)) {
    const budget = BUDGETS[name];
    const mark = budget === undefined ? '' : size.gzip <= budget ? ' ok' : ' OVER';
    const lazy = size.lazy.map((chunk) => `${chunk.chunk} ${chunk.gzip}`).join(', ') || '-';
    const inputs = Object.entries(size.inputs).sort((a, b) => b[1] - a[1]).map(([pkg, bytes]) => `${pkg} ${bytes}`).join(', ') || '-';
    lines.push(`| ${name} | ${size.bytes} | ${size.gzip} | ${budget ?? '-'}${mark} | ${lazy} | ${inputs} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const root = join(import.meta.dirname, '..');
  console.log(formatSizes(await measureSizes(root)));
}
