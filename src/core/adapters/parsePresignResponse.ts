// One entry for every presign response: pick the adapter, then apply the rules every upload keeps
// (DESIGN.md): safe URL schemes only (for the target and the form value), and a PUT Content-Type that is exactly the presigned one.
import { uploadError } from '../errors';
import type { ProviderName, UploadTarget } from '../types';
import { checkValue, resolveTargetUrl } from '../urls';
import { apimodelsAdapter } from './apimodels';
import { autoAdapter } from './auto';
import { eachlabsAdapter } from './eachlabs';
import { modelrouteAdapter } from './modelroute';
import { nativeAdapter } from './native';
import { prunaAdapter } from './pruna';
import type { AdapterResult, PresignAdapter } from './shared';

export const presignAdapters: Record<ProviderName, PresignAdapter> = {
  auto: autoAdapter,
  native: nativeAdapter,
  eachlabs: eachlabsAdapter,
  modelroute: modelrouteAdapter,
  apimodels: apimodelsAdapter,
  pruna: prunaAdapter,
};

/**
 * Reads a presign response into one `UploadTarget`, or an error with code `presign-invalid-response`
 * (or `presign-failed` for an apimodels error envelope). `contentType` is the type sent to presign.
 */
export function parsePresignResponse(json: unknown, provider: ProviderName = 'auto', contentType?: string): AdapterResult {
  const adapter = presignAdapters[provider] ?? autoAdapter;
  const result = adapter(json);
  if (!result.ok) return result;
  const url = resolveTargetUrl(result.target.url);
  if (!url.ok) return { ok: false, error: uploadError('presign-invalid-response', url.problem, { cause: json }) };
  const valueProblem = result.target.value === undefined ? null : checkValue(result.target.value);
  if (valueProblem) {
    return { ok: false, error: uploadError('presign-invalid-response', `The presign response is refused: ${valueProblem}.`, { cause: json }) };
  }
  const target = { ...result.target, url: url.url };
  if (target.method !== 'PUT' || contentType === undefined) return { ok: true, target };
  return withContentType(target, contentType, json);
}

/** Null when the URL may receive the file: `https:`, `http:` on loopback, or a URL on the page's own origin. */
export function checkTargetUrl(url: string): string | null {
  const resolved = resolveTargetUrl(url);
  return resolved.ok ? null : resolved.problem;
}

// R2/S3 reject a PUT whose Content-Type differs from the signed one (SignatureDoesNotMatch), so a
// contradicting header is reported now, with a clear message, instead of after the upload.
function withContentType(target: UploadTarget, contentType: string, json: unknown): AdapterResult {
  const headers: Record<string, string> = {};
  let found = false;
  for (const [key, value] of Object.entries(target.headers)) {
    if (key.toLowerCase() === 'content-type') {
      if (value.trim().toLowerCase() !== contentType.toLowerCase()) {
        const message = `The presign response asks for Content-Type ${value}, but ${contentType} was presigned; the upload would be refused.`;
        return { ok: false, error: uploadError('presign-invalid-response', message, { cause: json }) };
      }
      found = true;
    }
    headers[key] = value;
  }
  if (!found) headers['Content-Type'] = contentType;
  return { ok: true, target: { ...target, headers } };
}
