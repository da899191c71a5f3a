// Storage's failure sentences (storageError.ts) load when the reader starts, at the first sign of files, while the
// network is up: a network error later, the moment their first load would fail, finds them loaded (workerReader.ts).
// A file of its own: the page's module graph is fresh, so nothing else has loaded them before.
import { expect, test } from 'vitest';
import { startReader } from '../../src/core/readBytes';

const loaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/core/storageError.ts'));

test("the reader's start loads storage's failure sentences, before any upload failed", async () => {
  expect(loaded()).toBe(false);
  startReader();
  await expect.poll(loaded, { timeout: 10_000, interval: 50 }).toBe(true);
});
