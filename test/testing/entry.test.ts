// The testing entry runs in browsers too (Storybook, msw/browser): it may import `msw`, its own files, and the server
// entry's key-free checks (presignEndpointMock refuses what createPresignHandler refuses, with the same code), nothing
// that holds or sends a key and nothing of Node.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as testing from '../../src/testing';

const src = join(import.meta.dirname, '../../src');
const dir = join(src, 'testing');

/** Every source file the testing entry reaches, with the bare packages it imports. */
function testingGraph(): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    // `import type` is erased from the bundle: only value imports count.
    const source = readFileSync(file, 'utf8').replace(/^import type .*$/gm, '');
    for (const [, specifier] of source.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (!specifier!.startsWith('.')) packages.add(specifier!);
      else visit(['.ts', '.tsx', '/index.ts'].map((ext) => resolve(dirname(file), specifier!) + ext).find(existsSync)!);
    }
  };
  visit(join(dir, 'index.ts'));
  return { files: [...files].map((file) => relative(src, file)), packages };
}

describe('media-uploader/testing entry', () => {
  it('exports the five mock factories and nothing else at runtime', () => {
    expect(Object.keys(testing).sort()).toEqual(['apimodelsMock', 'eachlabsMock', 'modelrouteMock', 'presignEndpointMock', 'prunaMock']);
  });

  it("imports only msw and its own files, besides the server's key-free checks (no provider, handler or Node code)", () => {
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((match) => match[1]);
      for (const specifier of specifiers) expect(specifier, file).toMatch(/^(msw|\.\/[\w.-]+|\.\.\/(server|core)\/[\w./-]+)$/);
    }
    const { files, packages } = testingGraph();
    expect([...packages]).toEqual(['msw']);
    const server = files.filter((file) => file.startsWith('server/')).sort();
    // What it may reach of the server entry: the checks, their errors and the providers' documented limits.
    expect(server).toEqual([
      'server/errors.ts',
      'server/multipart.ts',
      'server/providerLimits.ts',
      'server/readBody.ts',
      'server/readPresignRequest.ts',
      'server/safeExtension.ts',
      'server/uploadRules.ts',
    ]);
    for (const file of files.filter((name) => !name.startsWith('testing/'))) {
      const code = readFileSync(join(src, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/apiKey|process\.env|["']node:/);
    }
  });

  it('returns handlers, calls, uploads and reset from every factory', () => {
    const mocks = [
      testing.eachlabsMock(),
      testing.modelrouteMock(),
      testing.apimodelsMock(),
      testing.prunaMock(),
      testing.presignEndpointMock({ provider: 'native' }),
    ];
    for (const mock of mocks) {
      expect(mock.handlers.length).toBeGreaterThan(0);
      expect(mock).toMatchObject({ calls: [], uploads: [], reset: expect.any(Function) });
    }
  });
});
