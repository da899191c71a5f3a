// The browser entry (`media-uploader`). The build puts "use client" at the top of the bundle.
export { MediaUploader } from './react/MediaUploader';
export { useUpload } from './react/useUpload';
export { defaultLabels } from './react/labels';
export { createUploader } from './core/createUploader';
export {
  parsePresignResponse,
  nativeAdapter,
  eachlabsAdapter,
  modelrouteAdapter,
  apimodelsAdapter,
  prunaAdapter,
  autoAdapter,
} from './core/adapters';

export type { MediaUploaderProps } from './react/MediaUploader';
export type { UseUploadOptions, UseUploadResult } from './react/useUpload';
export type { Labels, ProgressInfo } from './react/labels';
export type { AdapterResult, PresignAdapter } from './core/adapters';
export type {
  Accept,
  FileType,
  NativePresignResponse,
  PresignFunction,
  PresignRequest,
  ProviderName,
  RetryPolicy,
  Uploader,
  UploaderSnapshot,
  UploadError,
  UploadErrorCode,
  UploadFile,
  UploadOptions,
  UploadStatus,
  UploadTarget,
} from './core/types';
