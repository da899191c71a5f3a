// Sizes in the words a user reads, for hints, rows and the sentences of refused or prepared files.

/** "120 MB", "1.5 MB", "900 bytes": sizes in the words a user reads (1 MB = 1,048,576 bytes, as 100 MB limits are meant). */
export function formatBytes(bytes: number): string {
  return bytesIn(bytes);
}

/**
 * Two sizes side by side ("21.3 MB; the limit is 20 MB"), with decimals added until they differ when the sizes do
 * ("big.png is 20 MB; the limit is 20 MB" told the user nothing); sizes closer than that are given in bytes.
 */
export function formatBytePair(a: number, b: number): [string, string] {
  for (const digits of [undefined, 1, 2]) {
    const pair: [string, string] = [bytesIn(a, digits), bytesIn(b, digits)];
    if (a === b || pair[0] !== pair[1]) return pair;
  }
  const exact = (bytes: number) => `${String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} bytes`;
  return [exact(a), exact(b)];
}

/** `digits` fixes the decimals (trailing zeros dropped); by default one below 10 of a unit, none above. */
function bytesIn(bytes: number, digits?: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = digits !== undefined ? +value.toFixed(digits) : value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}
