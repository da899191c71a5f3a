#!/usr/bin/env node
// tsc (moduleResolution Bundler) keeps our extensionless relative specifiers in the .d.ts files it emits;
// under node16/nodenext ESM resolution those fail to resolve (arethetypeswrong: InternalResolutionError).
// Give each one the `.js` (or `/index.js`) that names the emitted declaration's runtime twin.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '..', 'dist');

function* declarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* declarations(path);
    else if (name.endsWith('.d.ts')) yield path;
  }
}

let rewritten = 0;
for (const file of declarations(dist)) {
  const source = readFileSync(file, 'utf8');
  const fixed = source.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)(['"])/g, (match, head, spec, tail) => {
    if (/\.(js|mjs|cjs|json|css)$/.test(spec)) return match;
    const base = resolve(dirname(file), spec);
    if (existsSync(`${base}.d.ts`)) return `${head}${spec}.js${tail}`;
    if (existsSync(join(base, 'index.d.ts'))) return `${head}${spec}/index.js${tail}`;
    throw new Error(`${file}: cannot resolve ${spec}`);
  });
  if (fixed !== source) {
    writeFileSync(file, fixed);
    rewritten++;
  }
}
console.log(`fix-dts: ${rewritten} declaration files given explicit .js specifiers`);
