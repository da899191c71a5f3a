// The native shape, what our server entry's handlers answer: `{ uploadUrl, method?, headers?, fields?, ... }`.
import * as z from 'zod/mini';
import { describeIssues, parseExpiry, target, type AdapterResult } from './shared';

const nativeSchema = z.object({
  uploadUrl: z.string(),
  method: z.optional(z.enum(['PUT', 'POST'])),
  headers: z.optional(z.record(z.string(), z.string())),
  fields: z.optional(z.record(z.string(), z.string())),
  fileField: z.optional(z.string()),
  publicUrl: z.optional(z.string()),
  fileId: z.optional(z.string()),
  expiresAt: z.optional(z.union([z.string(), z.number()])),
});

export function nativeAdapter(json: unknown): AdapterResult {
  const parsed = nativeSchema.safeParse(json);
  if (!parsed.success) return describeIssues(parsed.error.issues, 'uploadUrl', json);
  const data = parsed.data;
  const expiresAt = parseExpiry(data.expiresAt, 'expiresAt');
  if (typeof expiresAt === 'object') return { ok: false, error: expiresAt };
  return {
    ok: true,
    target: target({
      url: data.uploadUrl,
      method: data.method ?? 'PUT',
      headers: data.headers ?? {},
      fields: data.fields ?? {},
      fileField: data.fileField ?? 'file',
      // The form value: publicUrl, else fileId, else read from the upload's response (DESIGN.md table).
      ...(data.publicUrl || data.fileId ? { value: data.publicUrl || data.fileId } : {}),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    }),
  };
}
