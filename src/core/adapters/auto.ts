// `auto` tells the documented shapes apart by their keys (DESIGN.md): one adapter per shape.
import { apimodelsAdapter } from './apimodels';
import { eachlabsAdapter } from './eachlabs';
import { modelrouteAdapter } from './modelroute';
import { nativeAdapter } from './native';
import { invalidResponse, isObject, type AdapterResult } from './shared';

export function autoAdapter(json: unknown): AdapterResult {
  if (!isObject(json)) return invalidResponse('is not a JSON object', json);
  if ('presigned_url' in json) return eachlabsAdapter(json);
  if ('upload_url' in json || 'file_id' in json) return modelrouteAdapter(json);
  if ('code' in json && ('data' in json || 'msg' in json)) return apimodelsAdapter(json);
  if ('uploadUrl' in json) return nativeAdapter(json);
  return invalidResponse('has no upload URL (expected uploadUrl, presigned_url, upload_url or data.uploadUrl)', json);
}
