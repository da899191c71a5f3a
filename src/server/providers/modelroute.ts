// modelroute: POST /v1/files/upload with a Bearer key (../shared/providers/modelroute-upload.txt).
import {
  checkOptions,
  invalidAnswer,
  isoExpiry,
  isRecord,
  providerFailure,
  requireString,
  requireUrl,
  type ProviderOptions,
  type UploadProvider,
} from '../provider';
import { PROVIDER_LIMITS } from '../providerLimits';

const NAME = 'modelroute';
// "Presigned PUT URL. Valid for 1 hour."
const LIFETIME_MS = 60 * 60_000;

/** modelroute's presign API; the form value is its `file_id` (`fileId` in the native answer). */
export function modelroute(options: ProviderOptions): UploadProvider {
  const api = checkOptions(NAME, options, 'https://api.modelroute.ai');
  return {
    name: NAME,
    limits: PROVIDER_LIMITS.modelroute,
    async presign(req, { signal }) {
      // Its documented INPUT_VALIDATION_ERROR may come with any status: providerFailure maps it by code.
      const answer = await api.postJson(
        '/v1/files/upload',
        { authorization: `Bearer ${api.apiKey}` },
        { filename: req.filename, content_type: req.contentType, size_bytes: req.size },
        signal,
      );
      const body = answer.json;
      if (!isRecord(body)) throw invalidAnswer(NAME, 'the body is not a JSON object');
      if (isRecord(body.error) || (typeof body.code === 'string' && body.file_id === undefined)) {
        throw providerFailure(NAME, { ...answer, status: 400 });
      }
      return {
        uploadUrl: requireUrl(NAME, body.upload_url, 'upload_url'),
        method: 'PUT',
        headers: { 'Content-Type': req.contentType },
        fileId: requireString(NAME, body, 'file_id'),
        expiresAt: isoExpiry(body.expires_at, LIFETIME_MS),
      };
    },
  };
}
