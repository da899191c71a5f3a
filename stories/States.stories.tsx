// Each status a file moves through, held still so it can be looked at: queued, presigning ("Preparing"),
// uploading at 10, 50 and 90%, canceled. Progress comes from the page's simulated storage (support/slowStorage.ts).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { MediaUploader } from '../src/index';
import { pickFiles } from './support/dom';
import { imageFile, videoFile } from './support/files';
import { installSlowStorage, presignSlow } from './support/slowStorage';
import { formValues, HANGING_STORAGE, presignForever, presignTo, storageHandlers, waitForStatus } from './support/storage';

const meta = {
  title: 'MediaUploader/States',
  component: MediaUploader,
  // No stall or presign timeout: a held state stays as long as one looks at it.
  args: { name: 'image', presign: presignSlow({ holdAt: 0.5 }), stallTimeoutMs: 0, presignTimeoutMs: 0, onError: fn() },
  parameters: { msw: storageHandlers },
  beforeEach: installSlowStorage,
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

// One upload at a time: the second file waits its turn.
export const Queued: Story = {
  args: { name: 'media', multiple: true, concurrency: 1 },
  play: async ({ canvasElement }) => {
    // Picked one after the other: files start in the order their checks end, which for two at once may differ.
    pickFiles(canvasElement, [videoFile('first-take.mp4', 8_000_000)]);
    await waitForStatus(canvasElement, 'first-take.mp4', 'uploading');
    pickFiles(canvasElement, [await imageFile('second.png')]);
    const row = await waitForStatus(canvasElement, 'second.png', 'queued');
    await expect(within(row).getByText('Waiting')).toBeVisible();
    await expect(within(row).getByRole('progressbar', { name: 'second.png' })).toHaveAttribute('aria-valuenow', '0');
    await expect(within(row).getByRole('button', { name: 'Cancel second.png' })).toBeVisible();
  },
};

// The app's presign endpoint has not answered yet.
export const Presigning: Story = {
  args: { presign: presignForever },
  play: async ({ canvasElement }) => {
    const row = await pickAndWait(canvasElement, 'portrait.png', 'presigning');
    await expect(within(row).getByText('Preparing')).toBeVisible();
    await expect(within(row).getByRole('button', { name: 'Cancel portrait.png' })).toBeVisible();
    await expect(canvasElement.querySelector('.mu')).toHaveAttribute('data-pending');
  },
};

async function pickAndWait(root: HTMLElement, name: string, status: string) {
  pickFiles(root, [await imageFile(name)]);
  return waitForStatus(root, name, status);
}

/** A 12 MB video whose upload holds at `percent`: bar, status, speed and time left, Cancel. */
function uploadingAt(percent: number): Story {
  return {
    args: { presign: presignSlow({ durationMs: 3_000, holdAt: percent / 100 }) },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      pickFiles(canvasElement, [videoFile('interview.mp4', 12_000_000)]);
      await canvas.findByText(`Uploading ${percent}%`);
      const bar = canvas.getByRole('progressbar', { name: 'interview.mp4' });
      await expect(bar).toHaveAttribute('aria-valuenow', String(percent));
      await expect(bar.getAttribute('aria-valuetext')).toMatch(new RegExp(`^${percent}% uploaded`));
      await expect(canvas.getByRole('button', { name: 'Cancel interview.mp4' })).toBeVisible();
      await expect(formValues(canvasElement, 'image')).toEqual([]);
    },
  };
}

export const Uploading10 = { ...uploadingAt(10), name: 'Uploading 10%' } satisfies Story;
export const Uploading50 = { ...uploadingAt(50), name: 'Uploading 50%' } satisfies Story;
export const Uploading90 = { ...uploadingAt(90), name: 'Uploading 90%' } satisfies Story;

// Through msw alone: the PUT reaches the (mock) storage and waits there. The service worker sends no progress
// events, so the bar sits at 0% while the status reads "Uploading".
export const UploadingWithoutProgressEvents: Story = {
  args: { presign: presignTo(HANGING_STORAGE) },
  play: async ({ canvasElement }) => {
    const row = await pickAndWait(canvasElement, 'harbor.png', 'uploading');
    await expect(within(row).getByText('Uploading 0%')).toBeVisible();
  },
};

export const Canceled: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('harbor.png')]);
    await canvas.findByText('Uploading 50%');
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel harbor.png' }));
    const row = await waitForStatus(canvasElement, 'harbor.png', 'canceled');
    await expect(within(row).getByText('Canceled')).toBeVisible();
    // Focus moves from the vanished Cancel to the row's first button, not to <body>.
    await expect(within(row).getByRole('button', { name: 'Retry harbor.png' })).toHaveFocus();
    await expect(within(row).getByRole('button', { name: 'Remove harbor.png' })).toBeVisible();
    await expect(formValues(canvasElement, 'image')).toEqual([]);
    await expect(args.onError).not.toHaveBeenCalled();
  },
};
