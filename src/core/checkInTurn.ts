// The checks of one pick, a few files at a time in pick order: asking the browser for a whole batch of reads at once
// puts the first file's read (and then its preparation) behind every other file's, which delayed its upload by a
// frame per 20 files.
import type { FileRecord } from './reducer';

/** How many files' first bytes are read at the same time. */
const CHECKS_AT_ONCE = 2;

/**
 * Runs `check` on each record still in `files` when its turn comes (one removed, replaced or cleared before it is not
 * read), CHECKS_AT_ONCE at a time, handing each the check of the file before it (count rules wait for it): the first
 * gets `previous`, the earlier picks' checks. A check settles once its file is checked, or removed or canceled (its read
 * may never end). Resolves once all have settled.
 */
export function checkInTurn(
  records: readonly FileRecord[],
  files: ReadonlyMap<string, FileRecord>,
  check: (record: FileRecord, previous: Promise<unknown>) => Promise<unknown>,
  previous: Promise<unknown>,
): Promise<unknown> {
  let next = 0;
  const checker = async (): Promise<void> => {
    while (next < records.length) {
      const record = records[next++]!;
      if (!files.has(record.id)) continue;
      previous = check(record, previous);
      await previous;
    }
  };
  return Promise.all(Array.from({ length: CHECKS_AT_ONCE }, checker));
}
