// `auto` tells the documented shapes apart by their keys (DESIGN.md): one adapter per shape.
import { apimodelsAdapter } from './apimodels';
import { eachlabsAdapter } from './eachlabs';
import { modelrouteAdapter } from './modelroute';
import { nativeAdapter } from './native';
import { invalidResponse, type AdapterResult } from './shared';

export function autoAdapter(json: unknown): AdapterResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return invalidResponse('is not a JSON object', json);
  const body = json as Record<string, unknown>;
  if ('presigned_url' in body) return eachlabsAdapter(json);
  if ('upload_url' in body || 'file_id' in body) return modelrouteAdapter(json);
  if ('code' in body && ('data' in body || 'msg' in body)) return apimodelsAdapter(json);
  if ('uploadUrl' in body) return nativeAdapter(json);
  return invalidResponse(
    'has no upload URL (expected uploadUrl, presigned_url, upload_url or data.uploadUrl)',
    json,
  );
}
