// Headless: a custom avatar picker built only from the public `useUpload` hook, no <MediaUploader>.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { useUpload, type UseUploadOptions } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { pickFiles } from './support/dom';
import { imageFile } from './support/files';

const native = presignEndpointMock({ provider: 'native' });

function AvatarPicker(options: UseUploadOptions) {
  const { files, value, isDragActive, getRootProps, getInputProps, cancel } = useUpload(options);
  const file = files.at(-1);
  return (
    <div className="sb-avatar">
      <div {...getRootProps({ role: 'button', className: 'sb-avatar-zone', 'data-drag-active': isDragActive || undefined })}>
        {file?.previewUrl ? <img src={file.previewUrl} alt="" /> : <span aria-hidden="true">+</span>}
        <span className="sb-avatar-label">{file ? 'Change avatar' : 'Choose an avatar'}</span>
      </div>
      <input {...getInputProps()} />
      {file && (
        <p role="status" className="sb-avatar-status">
          {file.status === 'uploading' && `Uploading ${Math.round(file.progress * 100)}%`}
          {file.status === 'done' && 'Saved'}
          {file.status === 'error' && file.error?.message}
          {file.status === 'uploading' && (
            <button type="button" onClick={() => cancel(file.id)}>
              Cancel
            </button>
          )}
        </p>
      )}
      {/* The form value, wherever the app wants it. */}
      <input type="hidden" name="avatar" value={value[0] ?? ''} />
    </div>
  );
}

const meta = {
  title: 'useUpload (headless)',
  component: AvatarPicker,
  args: { presign: '/api/presign', accept: 'image/*', maxSize: 5 * 1024 * 1024 },
  parameters: { msw: native.handlers },
  beforeEach: () => native.reset(),
} satisfies Meta<typeof AvatarPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AvatarPickerDone: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('me.png', { width: 200, height: 200, hue: 300 })]);
    await canvas.findByText('Saved');
    await expect(canvas.getByRole('button', { name: 'Change avatar' })).toBeVisible();
    await expect(canvasElement.querySelector<HTMLInputElement>('input[name="avatar"]')?.value).toBe(native.uploads[0]?.url);
  },
};
