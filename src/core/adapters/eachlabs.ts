// eachlabs: `{ presigned_url, public_url, required_headers, expires_at }`; every required header is sent verbatim.
import { expiry, object, optional, string, stringRecord } from './read';
import { adapt, target, type AdapterResult } from './shared';

const readEachlabs = (json: unknown, path: string) =>
  object({
    presigned_url: string,
    public_url: string,
    required_headers: optional(stringRecord, true),
    expires_at: optional(expiry, true),
  })(json, path);

export function eachlabsAdapter(json: unknown): AdapterResult {
  return adapt(json, 'presigned_url', () => {
    const data = readEachlabs(json, '');
    return {
      ok: true,
      target: target({
        url: data.presigned_url,
        headers: data.required_headers ?? {},
        value: data.public_url,
        ...(data.expires_at === undefined ? {} : { expiresAt: data.expires_at }),
      }),
    };
  });
}
