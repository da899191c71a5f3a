// The server entry's shape: explicit named exports, and nothing that stops it loading on an edge runtime.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as server from '../../src/server';

const root = resolve(import.meta.dirname, '../../src/server');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

describe('media-uploader/server', () => {
  it('exports the handlers, the Node adapter and the provider factories', () => {
    expect(Object.keys(server).sort()).toEqual(
      [
        'MAX_PRESIGN_BODY',
        'apimodels',
        'createPresignHandler',
        'createUploadProxyHandler',
        'eachlabs',
        'modelroute',
        'pruna',
        's3',
        'toNodeHandler',
      ].sort(),
    );
  });

  it('imports node: modules and the AWS SDK only as types or on first use, so edge runtimes can load it', () => {
    for (const file of sources(root)) {
      const code = readFileSync(file, 'utf8');
      const runtimeImports = [...code.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1]);
      expect(runtimeImports.filter((name) => /^(node:|@aws-sdk\/)/.test(name!)), file).toEqual([]);
    }
  });

  it('never imports the React entry', () => {
    for (const file of sources(root)) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from '[./]*\/react\b/);
  });
});
