// pruna through the app's proxy: the native shape as a multipart POST whose file field is `content`.
import type { NativePresignResponse } from '../types';
import { nativeAdapter } from './native';
import type { AdapterResult } from './shared';

export function prunaAdapter(json: unknown): AdapterResult {
  const result = nativeAdapter(json);
  // pruna only takes multipart: a proxy that omits method/fileField still means POST + `content`.
  if (result.ok) {
    result.target.method = 'POST';
    result.target.fileField = (json as NativePresignResponse).fileField ?? 'content';
  }
  return result;
}
