// eachlabs: `{ presigned_url, public_url, required_headers, expires_at }`; every required header is sent verbatim.
import * as z from 'zod/mini';
import { describeIssues, parseExpiry, target, type AdapterResult } from './shared';

const eachlabsSchema = z.object({
  presigned_url: z.string(),
  public_url: z.string(),
  required_headers: z.optional(z.nullable(z.record(z.string(), z.string()))),
  expires_at: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});

export function eachlabsAdapter(json: unknown): AdapterResult {
  const parsed = eachlabsSchema.safeParse(json);
  if (!parsed.success) return describeIssues(parsed.error.issues, 'presigned_url', json);
  const data = parsed.data;
  const expiresAt = parseExpiry(data.expires_at, 'expires_at');
  if (typeof expiresAt === 'object') return { ok: false, error: expiresAt };
  return {
    ok: true,
    target: target({
      url: data.presigned_url,
      headers: { ...(data.required_headers ?? {}) },
      value: data.public_url,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    }),
  };
}
