// One entry for every presign response: pick the adapter, then apply the rules every upload keeps (DESIGN.md):
// safe URL schemes only (for the target and the form value), and a PUT Content-Type that is exactly the presigned one.
import { uploadError } from '../errors';
import type { ProviderName } from '../types';
import { checkValue, resolveTargetUrl } from '../urls';
import { apimodelsAdapter } from './apimodels';
import { autoAdapter } from './auto';
import { eachlabsAdapter } from './eachlabs';
import { modelrouteAdapter } from './modelroute';
import { nativeAdapter } from './native';
import { prunaAdapter } from './pruna';
import { invalidResponse, type AdapterResult, type PresignAdapter } from './shared';

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
  // Each call reads a new target, so it is completed in place.
  const result = (presignAdapters[provider] ?? autoAdapter)(json);
  if (!result.ok) return result;
  const { target } = result;
  const url = resolveTargetUrl(target.url);
  if ('problem' in url) return { ok: false, error: uploadError('presign-invalid-response', url.problem, { cause: json }) };
  const valueProblem = target.value === undefined ? null : checkValue(target.value);
  if (valueProblem) return invalidResponse(`is refused: ${valueProblem}`, json);
  target.url = url.url;
  if (target.method === 'PUT' && contentType !== undefined) {
    // R2/S3 reject a PUT whose Content-Type differs from the signed one (SignatureDoesNotMatch), so a
    // contradicting header is reported now, with a clear message, instead of after the upload.
    const sent = Object.entries(target.headers).filter(([key]) => key.toLowerCase() === 'content-type');
    const wrong = sent.find(([, value]) => value.trim().toLowerCase() !== contentType.toLowerCase());
    if (wrong) return invalidResponse(`asks for Content-Type ${wrong[1]}, but ${contentType} was presigned; the upload would be refused`, json);
    if (!sent.length) target.headers['Content-Type'] = contentType;
  }
  return result;
}
