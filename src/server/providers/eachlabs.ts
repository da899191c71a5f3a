// eachlabs: POST /v1/upload/presign with X-API-Key (../shared/providers/eachlabs-upload.txt).
import type { NativePresignResponse } from '../../core/types';
import {
  checkOptions,
  invalidAnswer,
  isoExpiry,
  isRecord,
  requireUrl,
  type ProviderOptions,
  type UploadProvider,
} from '../provider';
import { PROVIDER_LIMITS } from '../providerLimits';

const NAME = 'eachlabs';
// "Presigned URL lifetime: 15 minutes", used when an answer has no readable expires_at.
const LIFETIME_MS = 15 * 60_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** eachlabs' presign API; `publicUrl` is its `public_url`, and `required_headers` are sent verbatim on the PUT. */
export function eachlabs(options: ProviderOptions): UploadProvider {
  const api = checkOptions(NAME, options, 'https://api.eachlabs.ai');
  return {
    name: NAME,
    limits: PROVIDER_LIMITS.eachlabs,
    async presign(req, { signal }) {
      const answer = await api.postJson(
        '/v1/upload/presign',
        { 'x-api-key': api.apiKey },
        { content_type: req.contentType, file_type: req.fileType },
        signal,
      );
      const body = answer.json;
      if (!isRecord(body)) throw invalidAnswer(NAME, 'the body is not a JSON object');
      const headers: Record<string, string> = { 'Content-Type': req.contentType };
      const required = body.required_headers ?? {};
      if (!isRecord(required)) throw invalidAnswer(NAME, '"required_headers" is not an object');
      for (const [name, value] of Object.entries(required)) {
        if (!HEADER_NAME.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) {
          throw invalidAnswer(NAME, `required header "${name}" is not a valid header`);
        }
        // The PUT's Content-Type is the one sent to presign: a contradicting required header is a broken target.
        if (name.toLowerCase() === 'content-type') {
          if (value.toLowerCase() !== req.contentType.toLowerCase()) {
            throw invalidAnswer(NAME, 'required Content-Type differs from the requested one');
          }
          continue;
        }
        headers[name] = value;
      }
      const target: NativePresignResponse = {
        uploadUrl: requireUrl(NAME, body.presigned_url, 'presigned_url'),
        method: 'PUT',
        headers,
        publicUrl: requireUrl(NAME, body.public_url, 'public_url'),
        expiresAt: isoExpiry(body.expires_at, LIFETIME_MS),
      };
      return target;
    },
  };
}
