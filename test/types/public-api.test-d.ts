import type { ComponentProps } from 'react';
import { expectTypeOf, test } from 'vitest';
import {
  createUploader,
  MediaUploader,
  useUpload,
  type Labels,
  type MediaUploaderProps,
  type UploadError,
  type UploadErrorCode,
  type UploadFile,
  type UploadStatus,
  type UseUploadResult,
} from '../../src/index';
import { UPLOAD_ERROR_CODES } from '../../src/core/errors';

test('useUpload returns the documented shape', () => {
  type Result = ReturnType<typeof useUpload>;
  expectTypeOf<Result>().toEqualTypeOf<UseUploadResult>();
  expectTypeOf<keyof Result>().toEqualTypeOf<
    | 'files'
    | 'fileIds'
    | 'value'
    | 'existingValues'
    | 'isUploading'
    | 'validationMessage'
    | 'activity'
    | 'removeValue'
    | 'uploader'
    | 'isDragActive'
    | 'open'
    | 'upload'
    | 'cancel'
    | 'retry'
    | 'remove'
    | 'clear'
    | 'reset'
    | 'getRootProps'
    | 'getInputProps'
  >();
  expectTypeOf<Result['files']>().toEqualTypeOf<readonly UploadFile[]>();
  expectTypeOf<Result['value']>().toEqualTypeOf<readonly string[]>();
  expectTypeOf<Result['isUploading']>().toBeBoolean();
  expectTypeOf<Result['upload']>().parameter(0).toEqualTypeOf<Iterable<File> | ArrayLike<File>>();
  expectTypeOf<Result['cancel']>().toEqualTypeOf<(id: string) => void>();
  expectTypeOf<Result['getRootProps']>().returns.toHaveProperty('onDrop');
  expectTypeOf(useUpload).parameter(0).toHaveProperty('presign');
});

test('MediaUploader props: presign is required, onChange gets string | string[]', () => {
  expectTypeOf<Omit<ComponentProps<typeof MediaUploader>, 'ref' | 'key'>>().toEqualTypeOf<MediaUploaderProps>();
  // A form library focuses the field through its ref: the drop zone.
  expectTypeOf<ComponentProps<typeof MediaUploader>['ref']>().toExtend<import('react').Ref<HTMLDivElement | null> | undefined>();
  expectTypeOf<MediaUploaderProps['presign']>().toEqualTypeOf<
    string | ((req: { filename: string; contentType: string; size: number; fileType: 'image' | 'video' | 'audio' | 'other' }, ctx: { signal: AbortSignal }) => Promise<unknown>)
  >();
  expectTypeOf<{ name: 'image' }>().not.toExtend<MediaUploaderProps>();
  expectTypeOf<{ presign: '/api/presign' }>().toExtend<MediaUploaderProps>();
  expectTypeOf<NonNullable<MediaUploaderProps['onChange']>>().parameter(0).toEqualTypeOf<string | string[]>();
  expectTypeOf<MediaUploaderProps['value']>().toEqualTypeOf<string | readonly string[] | undefined>();
  expectTypeOf<MediaUploaderProps['provider']>().toEqualTypeOf<
    'auto' | 'native' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna' | undefined
  >();
  expectTypeOf<Partial<Labels>>().toExtend<NonNullable<MediaUploaderProps['labels']>>();
  expectTypeOf<{ status: { queued: 'Queued' } }>().toExtend<NonNullable<MediaUploaderProps['labels']>>();
  expectTypeOf<NonNullable<MediaUploaderProps['onError']>>().parameters.toEqualTypeOf<[UploadError, UploadFile]>();
  expectTypeOf<MediaUploaderProps>().toHaveProperty('aria-describedby');
});

test('UploadFile and UploadError', () => {
  expectTypeOf<UploadFile['status']>().toEqualTypeOf<UploadStatus>();
  expectTypeOf<UploadStatus>().toEqualTypeOf<'queued' | 'preparing' | 'presigning' | 'uploading' | 'done' | 'error' | 'canceled'>();
  expectTypeOf<UploadFile['value']>().toEqualTypeOf<string | null>();
  expectTypeOf<UploadFile['previewUrl']>().toEqualTypeOf<string | null>();
  expectTypeOf<UploadFile['bytesPerSecond']>().toEqualTypeOf<number | null>();
  expectTypeOf<UploadFile['error']>().toEqualTypeOf<UploadError | null>();
  expectTypeOf<UploadError['code']>().toEqualTypeOf<UploadErrorCode>();
  expectTypeOf<UploadErrorCode>().toEqualTypeOf<
    | 'file-invalid-type'
    | 'file-too-large'
    | 'file-too-small'
    | 'too-many-files'
    | 'file-invalid-dimensions'
    | 'file-invalid-duration'
    | 'prepare-failed'
    | 'presign-failed'
    | 'presign-invalid-response'
    | 'upload-failed'
    | 'upload-expired'
    | 'network-error'
    | 'stalled'
  >();
  // The list that tells our errors from other libraries' (isUploadError) holds every code.
  expectTypeOf<(typeof UPLOAD_ERROR_CODES)[number]>().toEqualTypeOf<UploadErrorCode>();
  expectTypeOf<UploadError['status']>().toEqualTypeOf<number | undefined>();
  expectTypeOf(createUploader).returns.toHaveProperty('getSnapshot');
});
