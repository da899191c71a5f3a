// modelroute: `{ file_id, upload_url, expires_at }`; the form value is the file id, not a URL.
import { expiry, object, optional, string } from './read';
import { adapt, target, type AdapterResult } from './shared';

const readModelroute = (json: unknown, path: string) =>
  object({
    file_id: string,
    upload_url: string,
    expires_at: optional(expiry, true),
  })(json, path);

export function modelrouteAdapter(json: unknown): AdapterResult {
  return adapt(json, 'upload_url', () => {
    const data = readModelroute(json, '');
    return {
      ok: true,
      target: target({
        url: data.upload_url,
        value: data.file_id,
        ...(data.expires_at === undefined ? {} : { expiresAt: data.expires_at }),
      }),
    };
  });
}
