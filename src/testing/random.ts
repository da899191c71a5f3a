// Ids and hashes from Web Crypto's getRandomValues, which (unlike randomUUID and subtle) also works on
// plain-http pages such as Storybook opened on a LAN address.

export function randomHex(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, length);
}

export function randomUuid(): string {
  const h = randomHex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[Number.parseInt(h[16] ?? '0', 16) & 3] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case alphanumeric id like pruna's `fqadqq42xq`. */
export function randomBase36(length: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (b) => BASE36[b % 36]).join('');
}

/** A hex digest of the bytes (SHA-256 when Web Crypto's subtle is there, else random): stands in for S3's MD5 ETag. */
export async function digestHex(bytes: Uint8Array): Promise<string> {
  if (!globalThis.crypto?.subtle) return randomHex(64);
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
