// The browser entry (`media-uploader`). The build puts "use client" at the top of the bundle.
export { MediaUploader } from './react/MediaUploader';
export { useUpload, useUploadFile, useUploaderSelector } from './react/useUpload';
export { defaultLabels } from './react/labels';
export { createUploader } from './core/createUploader';
export { uploadInput } from './core/uploadInput';
export {
  parsePresignResponse,
  nativeAdapter,
  eachlabsAdapter,
  modelrouteAdapter,
  apimodelsAdapter,
  prunaAdapter,
  autoAdapter,
} from './core/adapters';

export type { LabelOverrides, MediaUploaderProps } from './react/MediaUploader';
export type { Replaced, UploadInputOptions } from './core/uploadInput';
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
  UploadActivity,
} from './core/types';
export type {
  AudioConstraints,
  ImageConstraints,
  MediaConstraints,
  PrepareChange,
  PrepareOptions,
  ResizeImageOptions,
  VideoConstraints,
} from './core/media/types';
