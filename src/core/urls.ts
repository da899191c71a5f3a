// Which URLs may receive a file and which may become a form value (DESIGN.md: only `https:`, or `http:` on
// localhost, 127.0.0.1 or [::1], are used and emitted). One rule for the upload target and the value.

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

function isSecure(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname));
}

/** The page's base URL, the one XMLHttpRequest resolves a relative URL against; undefined outside a page (SSR, Node). */
function pageBase(): string | undefined {
  const page = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  return page.document?.baseURI ?? page.location?.href;
}

/**
 * The absolute URL a target points to, resolved as the browser's XHR would resolve it, so the URL checked is the
 * URL used; or the sentence that refuses it. A relative URL (pruna through the app's proxy) keeps the same rule as
 * any other, so it works on an https page or on localhost; `/\host` and `//host` are other hosts in a browser's eyes.
 */
export function resolveTargetUrl(url: string): { url: string } | { problem: string } {
  const base = pageBase();
  const absolute = parseUrl(url);
  const resolved = absolute ?? parseUrl(url, base);
  if (!resolved) {
    // No page to resolve against (Node, SSR): only a plain path can still mean "the app's own origin".
    if (base === undefined && /^\/(?![/\\])/.test(url) && !url.includes('\\')) return { url };
    return { problem: 'The presign response has an upload URL that is not a valid URL.' };
  }
  if (isSecure(resolved)) return { url: absolute ? url : resolved.href };
  return {
    problem: `The presign response's upload URL uses ${scheme(resolved)} on ${resolved.host || 'no host'}; only https targets (or http on localhost) are used, so the file was not sent.`,
  };
}

/**
 * Null when `value` may go into the form: a file id (no scheme), or an https (or loopback http) URL.
 * `javascript:`, `data:`, plain `http:` and scheme-relative `//host` (or `\host`, `/\host`) values are refused.
 */
export function checkValue(value: string): string | null {
  if (/^\s*(\\|\/[/\\])/.test(value)) return `the value ${value.slice(0, 100)} is a URL without a scheme`;
  const url = parseUrl(value);
  if (!url || isSecure(url)) return null;
  return `the value uses ${scheme(url)}, and only https URLs (or http on localhost) are put in the form`;
}

/** The origin of a URL as the page resolves it (a relative target, an app's own proxy route, is on the page's). */
export const originOf = (url: string): string => parseUrl(url, pageBase())?.origin ?? url;

const scheme = (url: URL) => url.protocol.slice(0, -1);

function parseUrl(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}
