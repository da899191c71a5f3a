// The testing entry runs in browsers too (Storybook, msw/browser): it may import nothing but `msw`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as testing from '../../src/testing';

const dir = join(import.meta.dirname, '../../src/testing');

describe('media-uploader/testing entry', () => {
  it('exports the five mock factories and nothing else at runtime', () => {
    expect(Object.keys(testing).sort()).toEqual(['apimodelsMock', 'eachlabsMock', 'modelrouteMock', 'presignEndpointMock', 'prunaMock']);
  });

  it('imports only msw (not msw/node, not node: modules) and its own files', () => {
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((match) => match[1]);
      for (const specifier of specifiers) expect(specifier, file).toMatch(/^(msw|\.\/[\w.-]+)$/);
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
