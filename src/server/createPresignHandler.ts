// POST { filename, contentType, size, fileType } -> the native upload target. Web-standard Request/Response only.
import type { NativePresignResponse, PresignRequest } from '../core/types';
import { runAuthorize } from './authorize';
import { errorResponse, jsonResponse } from './errors';
import type { UploadProvider } from './provider';
import { readPresignRequest } from './readPresignRequest';
import { compileRules, type UploadRules } from './uploadRules';

/**
 * Decides whether a request may upload: `true` lets it through, `false` answers 403, a Response is answered as is,
 * a throw answers 401. Its body has been read already: look at headers and cookies, and at `upload`.
 */
export type Authorize = (
  request: Request,
  upload: PresignRequest,
) => boolean | Response | Promise<boolean | Response>;

export interface PresignHandlerOptions extends UploadRules {
  /** Where uploads go: `eachlabs(...)`, `modelroute(...)`, `apimodels(...)`, `pruna(...)` or `s3(...)`. */
  provider: UploadProvider;
  /** Runs after validation, before the provider is called; a throw answers 401. @default every request is allowed */
  authorize?: Authorize;
}

export type RequestHandler = (request: Request) => Promise<Response>;

/** A Web-standard presign endpoint (Next.js route handlers, Hono, Bun, Deno; Node through `toNodeHandler`). */
export function createPresignHandler(options: PresignHandlerOptions): RequestHandler {
  const { provider, authorize } = options;
  if (typeof provider?.presign !== 'function') {
    throw new TypeError('createPresignHandler({ provider }): pass a provider such as eachlabs({ apiKey }).');
  }
  const rules = compileRules(options, provider.limits);
  return async (request) => {
    try {
      const upload = await readPresignRequest(request, rules);
      if (authorize) {
        const answer = await runAuthorize(() => authorize(request, upload));
        if (answer) return answer;
      }
      const target: NativePresignResponse = await provider.presign(upload, {
        signal: request.signal,
        requestUrl: request.url,
      });
      return jsonResponse(target);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
