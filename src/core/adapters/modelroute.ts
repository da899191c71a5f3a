// modelroute: `{ file_id, upload_url, expires_at }`; the form value is the file id, not a URL.
import * as z from 'zod/mini';
import { describeIssues, parseExpiry, target, type AdapterResult } from './shared';

const modelrouteSchema = z.object({
  file_id: z.string(),
  upload_url: z.string(),
  expires_at: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});

export function modelrouteAdapter(json: unknown): AdapterResult {
  const parsed = modelrouteSchema.safeParse(json);
  if (!parsed.success) return describeIssues(parsed.error.issues, 'upload_url', json);
  const data = parsed.data;
  const expiresAt = parseExpiry(data.expires_at, 'expires_at');
  if (typeof expiresAt === 'object') return { ok: false, error: expiresAt };
  return {
    ok: true,
    target: target({ url: data.upload_url, value: data.file_id, ...(expiresAt === undefined ? {} : { expiresAt }) }),
  };
}
