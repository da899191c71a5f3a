// The API key lives only in server code: every file a browser can load from the built client entry (dist/index.js,
// its chunks and lazy chunks) is searched for server code, key-looking strings and secret env names. `npm test`
// builds first; alone, run `npm run build` before this file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../../dist');

/** The client entry and every local module it imports, statically or lazily, followed to the end. */
function clientFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) visit(join(dirname(file), spec!));
  };
  visit(entry);
  return [...seen];
}

// What only server code holds: the handlers, the provider calls and their auth headers, Node built-ins.
const SERVER_CODE: [string, RegExp][] = [
  ['the presign handler', /createPresignHandler|createUploadProxyHandler|toNodeHandler/],
  ['a provider API origin', /api\.eachlabs\.ai|api\.modelroute|apimodels\.app\/api|api\.pruna\.ai/],
  ['a provider auth header', /["']x-api-key["']|["']apikey["']|Bearer \$\{/i],
  ['the AWS SDK', /@aws-sdk|getSignedUrl/],
  ['a Node built-in', /["']node:[a-z]+["']/],
];
// What a leaked secret looks like: provider-style keys, AWS keys, private keys, and the env names that hold them.
const SECRETS: [string, RegExp][] = [
  ['a secret key', /\b(sk|pk|rk)_(live|test)_[A-Za-z0-9]{8,}/],
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an API key env name', /\b[A-Z][A-Z0-9_]*_(API_KEY|SECRET|SECRET_ACCESS_KEY|TOKEN)\b/],
  ['an env read', /process\.env|import\.meta\.env/],
];

function findings(files: string[], rules: [string, RegExp][]): string[] {
  return files.flatMap((file) => {
    const code = readFileSync(file, 'utf8');
    return rules.flatMap(([what, pattern]) => {
      const match = pattern.exec(code);
      return match ? [`${file.slice(dist.length + 1)}: ${what} (${match[0]})`] : [];
    });
  });
}

describe.runIf(existsSync(join(dist, 'index.js')))('the built client entry', () => {
  const files = clientFiles(join(dist, 'index.js'));

  test('reaches its chunks, lazy ones included', () => {
    // The lazy chunks (media, refusal sentences, storage errors) are imported from the engine's chunk, not index.js.
    const lazy = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/import\(\s*["'](\.\/[^"']+)["']\s*\)/g)].map(([, spec]) => join(dirname(file), spec!)),
    );
    // Chunk names without their folder, a hash (none in the client build) or `.js`.
    expect(lazy.map((file) => file.replace(/^.*\/|(-[\w-]+)?\.js$/g, ''))).toEqual(expect.arrayContaining(['prepareStep', 'storageError', 'validateFile']));
    expect(files).toEqual(expect.arrayContaining(lazy));
  });

  test('holds no server code', () => {
    expect(findings(files, SERVER_CODE)).toEqual([]);
  });

  test('holds no API-key-looking string and no secret env name', () => {
    expect(findings(files, SECRETS)).toEqual([]);
  });

  test('the searches do find server code where it is: the server entry', () => {
    const server = clientFiles(join(dist, 'server.js'));
    expect(findings(server, SERVER_CODE).length).toBeGreaterThanOrEqual(3);
    const planted = [`const key = "sk_live_${'a1B2c3D4e5'}"; fetch(url, { headers: { Authorization: process.env.EACHLABS_API_KEY } })`];
    const hits = SECRETS.filter(([, pattern]) => pattern.test(planted[0]!)).map(([what]) => what);
    expect(hits).toEqual(['a secret key', 'an API key env name', 'an env read']);
  });
});

test.runIf(!existsSync(join(dist, 'index.js')))('dist/ is built (npm run build) so the client bundle can be searched', () => {
  expect.fail('dist/index.js is missing: run npm run build first (npm test does).');
});
