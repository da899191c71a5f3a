// apimodels: POST /api/v1/files in JSON mode with a Bearer key (../shared/providers/apimodels-files.txt).
import {
  checkOptions,
  invalidAnswer,
  isoExpiry,
  isRecord,
  providerFailure,
  requireUrl,
  type ProviderOptions,
  type UploadProvider,
} from '../provider';
import { PROVIDER_LIMITS } from '../providerLimits';

const NAME = 'apimodels';
// "uploadUrl is valid for 10 minutes"
const LIFETIME_MS = 10 * 60_000;

/** apimodels' presign API: unwraps its `{ code, msg, data }` envelope; the form value is `data.publicUrl`. */
export function apimodels(options: ProviderOptions): UploadProvider {
  const api = checkOptions(NAME, options, 'https://apimodels.app');
  return {
    name: NAME,
    limits: PROVIDER_LIMITS.apimodels,
    async presign(req, { signal }) {
      const answer = await api.postJson(
        '/api/v1/files',
        { authorization: `Bearer ${api.apiKey}` },
        { filename: req.filename, contentType: req.contentType, fileSize: req.size },
        signal,
      );
      const body = answer.json;
      // Errors are `{ code, msg }`; the envelope's code is the truth even when the HTTP status says 200.
      const code = isRecord(body) && typeof body.code === 'number' ? body.code : answer.status;
      if (code < 200 || code > 299) throw providerFailure(NAME, { ...answer, status: code });
      if (!isRecord(body) || !isRecord(body.data)) throw invalidAnswer(NAME, '"data" is missing');
      const data = body.data;
      return {
        uploadUrl: requireUrl(NAME, data.uploadUrl, 'data.uploadUrl'),
        method: 'PUT',
        headers: { 'Content-Type': req.contentType },
        publicUrl: requireUrl(NAME, data.publicUrl, 'data.publicUrl'),
        expiresAt: isoExpiry(data.expiresAt, LIFETIME_MS),
      };
    },
  };
}
