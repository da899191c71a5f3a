// The native shape, what our server entry's handlers answer: `{ uploadUrl, method?, headers?, fields?, ... }`.
import { expiry, object, oneOf, optional, string, stringRecord } from './read';
import { adapt, target, type AdapterResult } from './shared';

const readNative = (json: unknown, path: string) =>
  object({
    uploadUrl: string,
    method: optional(oneOf('PUT', 'POST')),
    headers: optional(stringRecord),
    fields: optional(stringRecord),
    fileField: optional(string),
    publicUrl: optional(string),
    fileId: optional(string),
    expiresAt: optional(expiry),
  })(json, path);

export function nativeAdapter(json: unknown): AdapterResult {
  return adapt(json, 'uploadUrl', () => {
    const data = readNative(json, '');
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
        ...(data.expiresAt === undefined ? {} : { expiresAt: data.expiresAt }),
      }),
    };
  });
}
