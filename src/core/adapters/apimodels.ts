// apimodels: `{ code, msg, data: { uploadUrl, publicUrl, expiresAt } }`; a non-200 `code` is a failure with its msg.
import * as z from 'zod/mini';
import { uploadError } from '../errors';
import { describeIssues, parseExpiry, target, type AdapterResult } from './shared';

const envelopeSchema = z.object({
  code: z.number(),
  msg: z.optional(z.nullable(z.string())),
  data: z.optional(z.nullable(z.unknown())),
});

const dataSchema = z.object({
  uploadUrl: z.string(),
  publicUrl: z.string(),
  expiresAt: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});

export function apimodelsAdapter(json: unknown): AdapterResult {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return describeIssues(envelope.error.issues, 'data.uploadUrl', json);
  const { code, msg } = envelope.data;
  if (code !== 200) {
    // apimodels answers errors as `{ code: <HTTP status>, msg }`, sometimes with an HTTP 200 around it.
    const message = `The presign request failed with code ${code}${msg ? `: ${msg}` : ''}.`;
    return { ok: false, error: uploadError('presign-failed', message, { status: code, cause: json }) };
  }
  const parsed = dataSchema.safeParse(envelope.data.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ['data', ...issue.path] }));
    return describeIssues(issues, 'data.uploadUrl', json);
  }
  const data = parsed.data;
  const expiresAt = parseExpiry(data.expiresAt, 'data.expiresAt');
  if (typeof expiresAt === 'object') return { ok: false, error: expiresAt };
  return {
    ok: true,
    target: target({ url: data.uploadUrl, value: data.publicUrl, ...(expiresAt === undefined ? {} : { expiresAt }) }),
  };
}
