// Which URLs may receive a file and which may become a form value (DESIGN.md: only `https:`, or `http:` on
// localhost, 127.0.0.1 or [::1], are used and emitted). One rule for the upload target and the value.

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

function isSecure(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname));
}

function pageHref(): string | null {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  return typeof href === 'string' ? href : null;
}

/** The page's base URL, the one XMLHttpRequest resolves a relative URL against; null outside a page (SSR, Node). */
function pageBase(): string | null {
  if (typeof document !== 'undefined' && typeof document.baseURI === 'string') return document.baseURI;
  return pageHref();
}

export type TargetUrl = { ok: true; url: string } | { ok: false; problem: string };

/**
 * The absolute URL a target points to, resolved as the browser's XHR would resolve it, so the URL checked is
 * the URL used. A relative URL must stay on the page's origin (pruna through the app's proxy); `/\host` and
 * `//host` are other hosts in a browser's eyes and get the same rule as any absolute URL.
 */
export function resolveTargetUrl(url: string): TargetUrl {
  const base = pageBase();
  const absolute = parseAbsolute(url);
  if (absolute === null && base === null) {
    // No page to resolve against (Node, SSR): only a plain path can still mean "the app's own origin".
    if (/^\/(?![/\\])/.test(url) && !url.includes('\\')) return { ok: true, url };
    return { ok: false, problem: 'The presign response has an upload URL that is not a valid URL.' };
  }
  let resolved: URL;
  try {
    resolved = absolute ?? new URL(url, base!);
  } catch {
    return { ok: false, problem: 'The presign response has an upload URL that is not a valid URL.' };
  }
  // The page's own origin is where the app itself lives (an http dev or intranet host included); not a
  // `<base href>` elsewhere, which only changes where a relative URL points.
  const href = pageHref();
  const sameOrigin = href !== null && /^https?:$/.test(resolved.protocol) && resolved.origin === new URL(href).origin;
  if (sameOrigin || isSecure(resolved)) return { ok: true, url: absolute === null ? resolved.href : url };
  return {
    ok: false,
    problem: `The presign response's upload URL uses ${resolved.protocol.replace(':', '')} on ${resolved.host || 'no host'}; only https targets (or http on localhost) are used, so the file was not sent.`,
  };
}

/**
 * Null when `value` may go into the form: a file id (no scheme), or an https (or loopback http) URL.
 * `javascript:`, `data:`, plain `http:` and scheme-relative `//host` values are refused.
 */
export function checkValue(value: string): string | null {
  if (/^\s*[/\\]{2}/.test(value) || /^\s*\\/.test(value)) return `the value ${value.slice(0, 100)} is a URL without a scheme`;
  const url = parseAbsolute(value);
  if (url === null || isSecure(url)) return null;
  return `the value uses ${url.protocol.replace(':', '')}, and only https URLs (or http on localhost) are put in the form`;
}

function parseAbsolute(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
