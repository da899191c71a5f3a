import { expect, test } from 'vitest';
import { describeChanges } from '../../../src/core/media/describeChanges';

test('sizes first, then what was removed, in the words the row shows', () => {
  expect(
    describeChanges([
      { kind: 'location-removed' },
      { kind: 'resized', from: '4032×3024', to: '2048×1536' },
      { kind: 'reencoded', from: '3.1 MB', to: '0.9 MB' },
    ]),
  ).toBe('4032×3024 → 2048×1536, 3.1 MB → 0.9 MB, location removed');
});

test('location and other metadata removed read as one phrase', () => {
  expect(describeChanges([{ kind: 'location-removed' }, { kind: 'metadata-removed' }])).toBe('location and metadata removed');
  expect(describeChanges([{ kind: 'metadata-removed' }])).toBe('metadata removed');
});

test("the app's transform, with its sizes when known; nothing done reads as nothing", () => {
  expect(describeChanges([{ kind: 'transformed', from: '2 MB', to: '1.5 MB' }])).toBe('transformed, 2 MB → 1.5 MB');
  expect(describeChanges([{ kind: 'transformed' }])).toBe('transformed');
  expect(describeChanges([])).toBe('');
});
