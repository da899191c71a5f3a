// One story per error code: the row shows the error's sentence, `onError` gets the stable code, and the row
// offers Retry only where trying again can help (not for a file the checks refused). Retries are off so each
// failure shows at once.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { MediaUploader, type UploadErrorCode } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { pickFiles } from './support/dom';
import { imageFile, largePng, textFile } from './support/files';
import { DROPPING_STORAGE, expectError, formValues, HANGING_STORAGE, presignTo, storageHandlers } from './support/storage';

const native = presignEndpointMock({ provider: 'native' });

const meta = {
  title: 'MediaUploader/Errors',
  component: MediaUploader,
  args: { name: 'image', presign: '/api/presign', retry: false, onError: fn() },
  parameters: { msw: [...native.handlers, ...storageHandlers] },
  beforeEach: () => native.reset(),
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A story that picks `file()` and expects `code`; `retry` says whether the row offers Retry. */
function failsWith(code: UploadErrorCode, file: () => File | Promise<File>, retry: boolean, extra: Partial<Story> = {}): Story {
  return {
    ...extra,
    play: async ({ args, canvasElement }) => {
      const picked = await file();
      pickFiles(canvasElement, [picked]);
      const { row } = await expectError(canvasElement, args.onError, picked.name, code);
      await expect(within(row).getByText('Failed')).toBeVisible();
      await expect(within(row).getByRole('button', { name: `Remove ${picked.name}` })).toBeVisible();
      const retryButton = within(row).queryByRole('button', { name: `Retry ${picked.name}` });
      await expect(retryButton !== null).toBe(retry);
      await expect(formValues(canvasElement, 'image')).toEqual([]);
      await extra.play?.({ args, canvasElement } as Parameters<NonNullable<Story['play']>>[0]);
    },
  };
}

const noRequest = {
  play: async () => {
    await expect(native.calls).toHaveLength(0);
  },
} satisfies Partial<Story>;

export const FileInvalidType = failsWith('file-invalid-type', () => textFile('notes.txt'), false, {
  ...noRequest,
  args: { accept: 'image/*' },
});

// Checked by its bytes, not its name: a text file renamed .png is refused before any request.
export const FileInvalidTypeByContent = failsWith(
  'file-invalid-type',
  () => new File(['not a picture, just text'], 'fake.png', { type: 'image/png' }),
  false,
  noRequest,
);

export const FileTooLarge = failsWith('file-too-large', () => largePng('poster.png', 3 * 1024 * 1024), false, {
  ...noRequest,
  args: { maxSize: 1024 * 1024 },
});

export const FileTooSmall = failsWith('file-too-small', () => imageFile('icon.png', { width: 8, height: 8 }), false, {
  ...noRequest,
  args: { minSize: 10 * 1024 },
});

// Two files at most: the third of three is listed as refused, the first two upload.
export const TooManyFiles: Story = {
  args: { name: 'media', multiple: true, maxFiles: 2 },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('one.png'), await imageFile('two.png', { hue: 90 }), await imageFile('three.png', { hue: 200 })]);
    const { row } = await expectError(canvasElement, args.onError, 'three.png', 'too-many-files');
    await expect(within(row).queryByRole('button', { name: 'Retry three.png' })).not.toBeInTheDocument();
    await waitFor(() => expect(canvas.getAllByText('Uploaded')).toHaveLength(2));
  },
};

export const PresignFailed = failsWith('presign-failed', () => imageFile('portrait.png'), true, {
  parameters: { msw: presignEndpointMock({ provider: 'native', fail: 'presign-500' }).handlers },
});

// The app's endpoint answered, but with nothing the browser can upload to.
export const PresignInvalidResponse = failsWith('presign-invalid-response', () => imageFile('portrait.png'), true, {
  parameters: { msw: presignEndpointMock({ provider: 'native', fail: 'presign-invalid' }).handlers },
});

// Storage refused the request: a signature that does not match what the server signed.
export const UploadFailed = failsWith('upload-failed', () => imageFile('portrait.png'), true, {
  parameters: { msw: presignEndpointMock({ provider: 'native', fail: 'upload-403-signature' }).handlers },
});

const expired = presignEndpointMock({ provider: 'native', fail: 'upload-expired' });
export const UploadExpired = failsWith('upload-expired', () => imageFile('portrait.png'), true, {
  parameters: { msw: expired.handlers },
  beforeEach: () => expired.reset(),
  play: async () => {
    // An expired link is presigned again once before the file fails.
    await expect(expired.calls.filter((call) => call.url.endsWith('/api/presign'))).toHaveLength(2);
  },
});

export const NetworkError = failsWith('network-error', () => imageFile('portrait.png'), true, {
  args: { presign: presignTo(DROPPING_STORAGE) },
});

// No progress for 2 s: the attempt is stopped (and, with retries on, tried again).
export const Stalled = failsWith('stalled', () => imageFile('portrait.png'), true, {
  args: { presign: presignTo(HANGING_STORAGE), stallTimeoutMs: 2_000 },
});
