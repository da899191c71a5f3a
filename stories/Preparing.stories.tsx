// Issue 7's states: a file being made ready for the model (`preparing`, shown as "Optimizing"), and the errors
// of that step: dimensions, duration, a preparation that fails. Nothing is requested for a refused file.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, within } from 'storybook/test';
import { MediaUploader } from '../src/index';
import { pickFiles } from './support/dom';
import { audioFile, imageFile } from './support/files';
import { expectError, presignForever, waitForStatus } from './support/storage';

const presign = fn(presignForever);

const meta = {
  title: 'MediaUploader/Preparing',
  component: MediaUploader,
  args: { name: 'image', presign, retry: false, presignTimeoutMs: 0, onError: fn() },
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

// The app's own transform has not finished: the row says "Optimizing".
export const Preparing: Story = {
  args: { prepare: { transform: (_file, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))) } },
  play: async ({ canvasElement }) => {
    pickFiles(canvasElement, [await imageFile('cropping.png')]);
    const row = await waitForStatus(canvasElement, 'cropping.png', 'preparing');
    await expect(within(row).getByText('Optimizing')).toBeVisible();
    await expect(presign).not.toHaveBeenCalled();
  },
};

export const FileInvalidDimensions: Story = {
  args: { constraints: { image: { minWidth: 512, minHeight: 512 } } },
  play: async ({ args, canvasElement }) => {
    pickFiles(canvasElement, [await imageFile('small.png')]);
    await expectError(canvasElement, args.onError, 'small.png', 'file-invalid-dimensions');
    await expect(presign).not.toHaveBeenCalled();
  },
};

export const FileInvalidDuration: Story = {
  args: { name: 'audio', constraints: { audio: { maxDuration: 1 } } },
  play: async ({ args, canvasElement }) => {
    pickFiles(canvasElement, [audioFile('long-note.wav', 2)]);
    await expectError(canvasElement, args.onError, 'long-note.wav', 'file-invalid-duration');
    await expect(presign).not.toHaveBeenCalled();
  },
};

export const PrepareFailed: Story = {
  args: { prepare: { transform: async () => Promise.reject(new Error('The crop service is down')) } },
  play: async ({ args, canvasElement }) => {
    pickFiles(canvasElement, [await imageFile('crop-me.png')]);
    await expectError(canvasElement, args.onError, 'crop-me.png', 'prepare-failed');
    await expect(presign).not.toHaveBeenCalled();
  },
};
