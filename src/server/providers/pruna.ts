// pruna: no presign API, only a multipart POST /v1/files with an `apikey` header (../shared/providers/pruna-files.txt).
// The browser posts the file to the app's proxy route (createUploadProxyHandler), which streams it on.
import {
  callProvider,
  checkOptions,
  invalidAnswer,
  isRecord,
  providerFailure,
  requireUrl,
  type ProviderOptions,
  type ProxyUploadProvider,
} from '../provider';
import { PROVIDER_LIMITS } from '../providerLimits';

const NAME = 'pruna';

export interface PrunaOptions extends ProviderOptions {
  /** The app's route running `createUploadProxyHandler`: a path on this site, or an absolute URL. @default '/api/uploads/proxy' */
  proxyUrl?: string;
  /** Longest time a proxied upload may take, bytes included. @default 600000 (10 min) */
  uploadTimeoutMs?: number;
}

/** pruna's file API, reached through the app's upload proxy; the form value is the file object's `urls.get`. */
export function pruna(options: PrunaOptions): ProxyUploadProvider {
  const { apiKey, endpoint, fetch } = checkOptions(NAME, options, 'https://api.pruna.ai');
  const proxyUrl = options.proxyUrl ?? '/api/uploads/proxy';
  // A path on this site goes out as is: the browser resolves it against the page (core/urls.ts resolveTargetUrl),
  // whereas the request URL behind a TLS-terminating proxy says http:, a target the browser refuses.
  // `//host` and `/\host` are other hosts, not paths: those, like absolute URLs, are resolved as before.
  const isPath = /^\/(?![/\\])/.test(proxyUrl) && !proxyUrl.includes('\\');
  const uploadTimeoutMs = options.uploadTimeoutMs ?? 600_000;
  if (!Number.isSafeInteger(uploadTimeoutMs) || uploadTimeoutMs < 1) {
    throw new TypeError(`pruna({ uploadTimeoutMs }): expected whole milliseconds, got ${uploadTimeoutMs}.`);
  }
  return {
    name: NAME,
    limits: PROVIDER_LIMITS.pruna,
    fileField: 'content',
    async presign(_req, { requestUrl }) {
      // The proxy route is app configuration; nothing the browser sent chooses where the bytes go.
      return { uploadUrl: isPath ? proxyUrl : new URL(proxyUrl, requestUrl).href, method: 'POST', fileField: 'content' };
    },
    async forward(body, { contentType, signal }) {
      const answer = await callProvider({
        provider: NAME,
        apiKey,
        url: endpoint('/v1/files'),
        // duplex: 'half' lets fetch send a stream: the file goes through in chunks, never whole in memory.
        init: {
          method: 'POST',
          headers: { apikey: apiKey, 'content-type': contentType, accept: 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit,
        timeoutMs: uploadTimeoutMs,
        fetch,
        signal,
      });
      if (answer.status < 200 || answer.status > 299) throw providerFailure(NAME, answer);
      const file = answer.json;
      if (!isRecord(file) || !isRecord(file.urls)) throw invalidAnswer(NAME, '"urls" is missing');
      requireUrl(NAME, file.urls.get, 'urls.get');
      return file;
    },
  };
}
