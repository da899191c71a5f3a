// pruna through the app's proxy: the native shape as a multipart POST whose file field is `content`.
import { nativeAdapter } from './native';
import type { AdapterResult } from './shared';

export function prunaAdapter(json: unknown): AdapterResult {
  const result = nativeAdapter(json);
  if (!result.ok) return result;
  const { target } = result;
  // pruna only takes multipart: a proxy that omits method/fileField still means POST + `content`.
  return {
    ok: true,
    target: {
      ...target,
      method: 'POST',
      fileField: isObject(json) && typeof json.fileField === 'string' ? target.fileField : 'content',
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
