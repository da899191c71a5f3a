// Every ```ts and ```tsx block of README.md (and of examples/*/README.md) is type-checked as a user's own file:
// its imports stay as written (`media-uploader`, `media-uploader/server`, `media-uploader/testing`), resolved to the
// public entries only (the sources tsc emits dist/*.d.ts from; the `package` project checks the emitted types), with
// the repository's strict compiler options. One tsc run checks them all; each block is one test, named by its line.
//
// Markers: an HTML comment right before a block (only blank lines between), invisible on GitHub:
//   <!-- typecheck: prelude
//   declare const form: HTMLFormElement;
//   -->
//     Lines put before the block's code, for a deliberately partial snippet: what the reader's app already has
//     (`declare const`, `declare function`, an import). Errors in them point at their README lines too.
//   <!-- typecheck: skip <reason> -->
//     The block is not checked; it shows as a skipped test whose name carries the reason. A skip needs a reason.
// Any other `typecheck:` comment, or one that is not right before a ts/tsx block, fails the run: a marker that does
// nothing would hide a block's check. Third-party packages the repository does not install (express, hono,
// @react-router/dev) get the few declarations the README uses, written after their own published types (STUBS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface Snippet {
  /** `README.md:65` */
  where: string;
  heading: string;
  lang: 'ts' | 'tsx';
  code: string;
  /** README line of the block's first code line. */
  codeLine: number;
  prelude: string;
  /** README line of the prelude's first line. */
  preludeLine: number;
  skip: string | null;
}

interface Parsed {
  snippets: Snippet[];
  /** Markers that apply to no ts/tsx block, or that say nothing known. */
  problems: string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TS_LANGS: Record<string, 'ts' | 'tsx'> = { ts: 'ts', typescript: 'ts', mts: 'ts', tsx: 'tsx' };

function parseMarkdown(file: string, text: string): Parsed {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  const problems: string[] = [];
  let heading = '';
  let pending: { line: number; kind: 'prelude' | 'skip'; body: string; bodyLine: number } | null = null;
  const orphan = () => {
    if (pending) problems.push(`${file}:${pending.line}: a "typecheck: ${pending.kind}" marker that is not right before a ts/tsx block`);
    pending = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent = '', marker = '', info = ''] = fence;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = lines[j]!.trimStart();
        if (close.startsWith(marker[0]!.repeat(marker.length)) && close.trim().replace(/[`~]/g, '') === '') break;
        // Code inside a list item is indented with the fence: the block's own text starts there.
        body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
      }
      const lang = TS_LANGS[info.toLowerCase()];
      if (lang) {
        snippets.push({
          where: `${file}:${i + 1}`,
          heading,
          lang,
          code: body.join('\n'),
          codeLine: i + 2,
          prelude: pending?.kind === 'prelude' ? pending.body : '',
          preludeLine: pending?.bodyLine ?? 0,
          skip: pending?.kind === 'skip' ? pending.body : null,
        });
        pending = null;
      } else orphan();
      i = j;
      continue;
    }
    const marker = /^\s*<!--\s*typecheck:\s*(\S+)(.*)$/.exec(line);
    if (marker) {
      orphan();
      const [, kind = '', rest = ''] = marker;
      let j = i;
      const bodyLines = [rest];
      while (!lines[j]!.includes('-->')) {
        j++;
        if (j >= lines.length) break;
        bodyLines.push(lines[j]!);
      }
      const body = bodyLines.join('\n').replace(/-->[\s\S]*$/, '');
      if (kind === 'skip') {
        if (body.trim() === '') problems.push(`${file}:${i + 1}: "typecheck: skip" needs a reason after it`);
        pending = { line: i + 1, kind, body: body.trim(), bodyLine: i + 1 };
      } else if (kind === 'prelude') {
        // The prelude's code starts on the line after "<!-- typecheck: prelude" (text on the marker line is kept too).
        pending = { line: i + 1, kind, body: body.replace(/^[^\n]*\n/, '').replace(/\s+$/, ''), bodyLine: i + 2 };
        if (rest.trim() !== '') problems.push(`${file}:${i + 1}: write a prelude's code on the lines after "typecheck: prelude"`);
      } else problems.push(`${file}:${i + 1}: unknown marker "typecheck: ${kind}" (known: prelude, skip)`);
      i = j;
      continue;
    }
    if (line.trim() !== '') orphan();
    const title = /^#{1,6}\s+(.*)$/.exec(line);
    if (title) heading = title[1]!.trim();
  }
  orphan();
  return { snippets, problems };
}

// Declarations for packages the README shows but this repository does not install, after their published types:
// express 5 (@types/express: a handler is (req: IncomingMessage…, res: ServerResponse…, next) => unknown), hono 4
// (Context.req.raw is the Web Request) and @react-router/dev 7 (routes.ts helpers).
const STUBS = `
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  type Handler = (req: IncomingMessage & { originalUrl: string }, res: ServerResponse, next: (error?: unknown) => void) => unknown;
  interface Express {
    post(path: string, ...handlers: Handler[]): Express;
    use(...handlers: Handler[]): Express;
    listen(port: number, callback?: () => void): Server;
  }
  function express(): Express;
  namespace express {
    function json(): Handler;
  }
  export default express;
}
declare module 'hono' {
  interface Context {
    req: { raw: Request; url: string; method: string };
  }
  export class Hono {
    post(path: string, ...handlers: Array<(c: Context) => Response | Promise<Response>>): Hono;
    fetch: (request: Request) => Response | Promise<Response>;
  }
}
declare module '@react-router/dev/routes' {
  export interface RouteConfigEntry {
    path?: string;
    file: string;
    index?: boolean;
    children?: RouteConfigEntry[];
  }
  export type RouteConfig = RouteConfigEntry[] | Promise<RouteConfigEntry[]>;
  export function route(path: string | null | undefined, file: string, children?: RouteConfigEntry[]): RouteConfigEntry;
  export function index(file: string): RouteConfigEntry;
}
`;

// Known wrong code, checked with the snippets: if tsc stopped reporting errors in them (a resolution that turned
// every entry into `any`, a config that matched no file), these would pass silently and so would every snippet.
const CANARIES = [
  { name: 'a misspelt MediaUploader prop', lang: 'tsx' as const, code: `import { MediaUploader } from 'media-uploader';\n<MediaUploader presgn="/api/uploads/presign" />;`, error: /presgn/ },
  { name: 'a server export that does not exist', lang: 'ts' as const, code: `import { eachlab } from 'media-uploader/server';\neachlab({ apiKey: 'k' });`, error: /eachlab/ },
  { name: 'a testing export that does not exist', lang: 'ts' as const, code: `import { eachlabMock } from 'media-uploader/testing';\neachlabMock({ apiKey: 'k' });`, error: /eachlabMock/ },
  { name: 'a wrong option shape', lang: 'ts' as const, code: `import { createUploader } from 'media-uploader';\ncreateUploader({ presign: '/p', retry: 'often' });`, error: /TS2322 / },
];

/** The package's typed entries, each at the source its declarations are emitted from (tsconfig.build.json). */
const ENTRIES: Record<string, string> = {
  'media-uploader': 'src/index.ts',
  'media-uploader/server': 'src/server/index.ts',
  'media-uploader/testing': 'src/testing/index.ts',
};

interface Diagnostic {
  line: number;
  column: number;
  code: string;
  message: string;
}

function readmeFiles(): string[] {
  const examples = join(root, 'examples');
  const nested = existsSync(examples)
    ? readdirSync(examples, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(examples, entry.name, 'README.md')))
        .map((entry) => join(examples, entry.name, 'README.md'))
    : [];
  return [join(root, 'README.md'), ...nested];
}

const parsed = readmeFiles().map((path) => parseMarkdown(relative(root, path), readFileSync(path, 'utf8')));
const snippets = parsed.flatMap((p) => p.snippets);
const problems = parsed.flatMap((p) => p.problems);

let dir = '';
const fileOf = new Map<string, string>();
const diagnostics = new Map<string, Diagnostic[]>();
const stray: string[] = [];
let tscOutput = '';

function fileName(key: string, lang: 'ts' | 'tsx'): string {
  return `${key.replace(/[^\w]+/g, '_')}.${lang}`;
}

beforeAll(() => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  // Inside the repository, so that `react`, `msw`, `zod`… resolve from its node_modules as from an app's.
  dir = mkdtempSync(join(root, '.tmp', 'readme-snippets-'));
  const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, unknown>;
  // What the app's bundler declares for a stylesheet (vite/client, Next.js): only the package's exported ones exist.
  const styles = Object.keys(exportsMap)
    .filter((key) => key.endsWith('.css'))
    .map((key) => `declare module 'media-uploader/${key.slice(2)}';`);
  writeFileSync(join(dir, 'ambient.d.ts'), `${styles.join('\n')}\n${STUBS}`);
  const files = ['ambient.d.ts'];
  const write = (key: string, lang: 'ts' | 'tsx', text: string) => {
    const name = fileName(key, lang);
    // `export {}` keeps each block a module of its own: no block sees another's names.
    writeFileSync(join(dir, name), `${text}\nexport {};\n`);
    fileOf.set(name, key);
    files.push(name);
  };
  for (const snippet of snippets) {
    if (snippet.skip !== null) continue;
    write(snippet.where, snippet.lang, snippet.prelude === '' ? snippet.code : `${snippet.prelude}\n${snippet.code}`);
  }
  for (const canary of CANARIES) write(`canary ${canary.name}`, canary.lang, canary.code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        // An app's code: Node's types for its server files, none of the test runner's globals.
        types: ['node'],
        paths: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, [join(root, path)]])),
      },
      files,
      include: [],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: dir,
    encoding: 'utf8',
  });
  tscOutput = `${tsc.stdout}${tsc.stderr}`;
  if (tsc.error) throw tsc.error;
  let last: Diagnostic | null = null;
  for (const line of tscOutput.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (match) {
      const [, file = '', row = '', column = '', code = '', message = ''] = match;
      const key = fileOf.get(relative(dir, resolve(dir, file)));
      last = { line: Number(row), column: Number(column), code, message };
      if (key) diagnostics.set(key, [...(diagnostics.get(key) ?? []), last]);
      else stray.push(line);
    } else if (/^\s/.test(line) && last) last.message += `\n${line.trim()}`;
    else if (line.trim() !== '') {
      last = null;
      stray.push(line);
    }
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A block's errors as README lines: `README.md:80: TS2322 …` with the line's text. */
function report(snippet: Snippet, found: Diagnostic[]): string {
  const [file = ''] = snippet.where.split(':');
  const preludeLines = snippet.prelude === '' ? 0 : snippet.prelude.split('\n').length;
  const source = readFileSync(join(root, file), 'utf8').split('\n');
  return found
    .map((d) => {
      const line = d.line <= preludeLines ? snippet.preludeLine + d.line - 1 : snippet.codeLine + d.line - preludeLines - 1;
      return `${file}:${line}:${d.column}: ${d.code} ${d.message}\n    ${source[line - 1]?.trim() ?? ''}`;
    })
    .join('\n');
}

describe('the marker convention', () => {
  const sample = [
    '# A',
    '<!-- typecheck: prelude',
    'declare const form: HTMLFormElement;',
    '-->',
    '```ts',
    'form.reset();',
    '```',
    '- item:',
    '  <!-- typecheck: skip needs a database -->',
    '',
    '  ```tsx',
    '  <p />',
    '  ```',
    '<!-- typecheck: skip -->',
    '```ts',
    '```',
    '<!-- typecheck: prelude',
    '-->',
    'A paragraph between the marker and the block.',
    '```ts',
    '```',
    '<!-- typecheck: ignore this -->',
    '```sh',
    'npm test',
    '```',
  ].join('\n');
  const { snippets: found, problems: wrong } = parseMarkdown('X.md', sample);

  test('a prelude and a skip apply to the block right after them, also inside a list item', () => {
    expect(found[0]).toMatchObject({ where: 'X.md:5', heading: 'A', lang: 'ts', code: 'form.reset();', codeLine: 6, prelude: 'declare const form: HTMLFormElement;', preludeLine: 3, skip: null });
    expect(found[1]).toMatchObject({ where: 'X.md:11', lang: 'tsx', code: '<p />', skip: 'needs a database' });
  });

  test('a skip without a reason, a marker that reaches no block and an unknown marker are errors', () => {
    expect(wrong).toEqual([
      'X.md:14: "typecheck: skip" needs a reason after it',
      'X.md:17: a "typecheck: prelude" marker that is not right before a ts/tsx block',
      'X.md:22: unknown marker "typecheck: ignore" (known: prelude, skip)',
    ]);
    expect(found.map((s) => s.where)).toEqual(['X.md:5', 'X.md:11', 'X.md:15', 'X.md:20']);
    expect(found[3]?.prelude).toBe('');
  });
});

describe('README code blocks type-check against the public entries', () => {
  test('every typecheck marker applies to a ts/tsx block and says prelude or skip (with a reason)', () => {
    expect(problems).toEqual([]);
  });

  test('the README has ts/tsx blocks to check, and tsc ran on them', () => {
    expect(snippets.filter((s) => s.skip === null).length).toBeGreaterThan(10);
    expect(stray, tscOutput).toEqual([]);
  });

  test('the entries checked against are exactly the package.json exports that have types', () => {
    const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, unknown>;
    const typed = Object.entries(exportsMap)
      .filter(([, target]) => typeof target === 'object' && target !== null && 'types' in target)
      .map(([key]) => `media-uploader${key.slice(1)}`);
    expect(Object.keys(ENTRIES).sort()).toEqual(typed.sort());
  });

  for (const canary of CANARIES) {
    test(`the check fails on ${canary.name}`, () => {
      const found = diagnostics.get(`canary ${canary.name}`) ?? [];
      expect(found.map((d) => `${d.code} ${d.message}`).join('\n'), tscOutput).toMatch(canary.error);
    });
  }

  for (const snippet of snippets) {
    const name = `${snippet.where} (${snippet.lang}, under "${snippet.heading}")`;
    if (snippet.skip !== null) {
      test.skip(`${name}: skipped, ${snippet.skip}`, () => {});
      continue;
    }
    test(name, () => {
      const found = diagnostics.get(snippet.where) ?? [];
      expect(found.length === 0 ? '' : `\n${report(snippet, found)}\n`).toBe('');
    });
  }
});
