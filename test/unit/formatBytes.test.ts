// Sizes in the words a user reads, and two sizes that never read the same when they differ (issue 6).
import { formatBytePair, formatBytes } from '../../src/core/formatBytes';

const MB = 1024 * 1024;

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [900, '900 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1.5 * MB, '1.5 MB'],
    [120 * MB, '120 MB'],
    [20.4 * MB, '20 MB'],
    [3 * 1024 * MB, '3 GB'],
  ])('%i bytes read %s', (bytes, words) => {
    expect(formatBytes(bytes)).toBe(words);
  });
});

describe('formatBytePair', () => {
  it.each([
    // Already different at the usual precision: unchanged.
    [21.3 * MB, 20 * MB, '21 MB', '20 MB'],
    [500, 1024, '500 bytes', '1 KB'],
    [1.5 * 1024 * MB, 100 * MB, '1.5 GB', '100 MB'],
    // Equal sizes stay equal and plain.
    [20 * MB, 20 * MB, '20 MB', '20 MB'],
    // "is 20 MB; the limit is 20 MB": decimals until the two differ, trailing zeros dropped.
    [20.4 * MB, 20 * MB, '20.4 MB', '20 MB'],
    [20 * MB + 20 * 1024, 20 * MB, '20.02 MB', '20 MB'],
    [5.04 * MB, 5 * MB, '5.04 MB', '5 MB'],
    [1000 * 1024 - 100, 1000 * 1024 - 400, '999.9 KB', '999.6 KB'],
    // Closer than two decimals can show: exact bytes.
    [20 * MB + 1, 20 * MB, '20,971,521 bytes', '20,971,520 bytes'],
    [1025, 1024, '1,025 bytes', '1,024 bytes'],
  ])('%i and %i read %s and %s', (a, b, first, second) => {
    expect(formatBytePair(a, b)).toEqual([first, second]);
  });

  it('never reads the same for two different sizes around a limit', () => {
    const limit = 20 * MB;
    for (let delta = 1; delta < 2 * MB; delta = Math.ceil(delta * 1.37)) {
      const [size, max] = formatBytePair(limit + delta, limit);
      expect(size, `${limit + delta}`).not.toBe(max);
      const [small, min] = formatBytePair(limit - delta, limit);
      expect(small, `${limit - delta}`).not.toBe(min);
    }
  });
});
