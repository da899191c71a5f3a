// media-uploader/server: presign and proxy handlers plus provider factories. Server only: API keys live here.
export { createPresignHandler } from './createPresignHandler';
export { MAX_PRESIGN_BODY } from './readPresignRequest';
export { createUploadProxyHandler } from './createUploadProxyHandler';
export { toNodeHandler } from './toNodeHandler';
export { eachlabs } from './providers/eachlabs';
export { modelroute } from './providers/modelroute';
export { apimodels } from './providers/apimodels';
export { pruna } from './providers/pruna';
export { s3 } from './providers/s3';

export type { Authorize, PresignHandlerOptions, RequestHandler } from './createPresignHandler';
export type { UploadProxyHandlerOptions } from './createUploadProxyHandler';
export type { NodeHandlerOptions } from './toNodeHandler';
export type { PresignContext, ProviderOptions, ProxyUploadProvider, UploadProvider } from './provider';
export type { PrunaOptions } from './providers/pruna';
export type { S3Options } from './providers/s3';
export type { ServerErrorBody, ServerErrorCode } from './errors';
export type { ProviderLimits, UploadRules } from './uploadRules';
export type { NativePresignResponse, PresignRequest } from '../core/types';
