// apimodels: `{ code, msg, data: { uploadUrl, publicUrl, expiresAt } }`; a non-200 `code` is a failure with its msg.
import { uploadError } from '../errors';
import { expiry, number, object, optional, string } from './read';
import { adapt, target, type AdapterResult } from './shared';

const readEnvelope = (json: unknown, path: string) =>
  object({
    code: number,
    msg: optional(string, true),
  })(json, path);

const readData = (json: unknown, path: string) =>
  object({
    uploadUrl: string,
    publicUrl: string,
    expiresAt: optional(expiry, true),
  })(json, path);

export function apimodelsAdapter(json: unknown): AdapterResult {
  return adapt(json, 'data.uploadUrl', () => {
    const { code, msg } = readEnvelope(json, '');
    if (code !== 200) {
      // apimodels answers errors as `{ code: <HTTP status>, msg }`, sometimes with an HTTP 200 around it.
      const message = `The presign request failed with code ${code}${msg ? `: ${msg}` : ''}.`;
      return { ok: false, error: uploadError('presign-failed', message, { status: code, cause: json }) };
    }
    const data = readData((json as { data?: unknown }).data, 'data');
    return {
      ok: true,
      target: target({
        url: data.uploadUrl,
        value: data.publicUrl,
        ...(data.expiresAt === undefined ? {} : { expiresAt: data.expiresAt }),
      }),
    };
  });
}
