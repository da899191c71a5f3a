// <MediaUploader> in a form, on msw mocks of the app's presign route and of storage (no network). Each play
// function drives the uploader with real browser events and checks what a user would see and submit.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { MediaUploader } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { dragEnter, dropzone, pickFiles, recordAnnouncements } from './support/dom';
import { audioFile, imageFile, videoFile } from './support/files';
import { installSlowStorage, presignSlow } from './support/slowStorage';
import { formValues } from './support/storage';

const native = presignEndpointMock({ provider: 'native' });

const meta = {
  title: 'MediaUploader/Basics',
  component: MediaUploader,
  args: { name: 'image', presign: '/api/presign', onChange: fn(), onError: fn() },
  parameters: { msw: native.handlers },
  beforeEach: () => {
    native.reset();
    return installSlowStorage();
  },
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: /drop files here/i });
    await expect(zone).toHaveAttribute('tabindex', '0');
    // The hint shows below the drop zone and is its description; the zone's name is its label.
    await expect(canvas.getByText('Image, video or audio files, up to 100 MB')).toBeVisible();
    await expect(zone).toHaveAccessibleDescription(/Image, video or audio files, up to 100 MB/);
    await expect(canvas.queryByRole('list')).not.toBeInTheDocument();
    await expect(formValues(canvasElement, 'image')).toEqual([]);
  },
};

export const DragActive: Story = {
  play: async ({ canvasElement }) => {
    dragEnter(canvasElement, [await imageFile()]);
    await waitFor(() => expect(dropzone(canvasElement)).toHaveAttribute('data-drag-active'));
    await expect(within(canvasElement).getByText(/drop the files to upload them/i)).toBeVisible();
  },
};

// The bar moves (the page plays out a 2 s upload, see support/slowStorage.ts), then the row turns done.
export const Done: Story = {
  args: { presign: presignSlow({ durationMs: 2_000 }) },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('harbor.png')]);
    const bar = await canvas.findByRole('progressbar', { name: 'harbor.png' });
    await waitFor(() => expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0));
    await canvas.findByText('Uploaded');
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    const [value] = formValues(canvasElement, 'image');
    await expect(value).toMatch(/^https:\/\/cdn\.example\.com\/uploads\/.+\.png$/);
    await expect(args.onChange).toHaveBeenLastCalledWith(value);
    // The preview is the picked image itself, decoded.
    const preview = canvasElement.querySelector<HTMLImageElement>('.mu-preview img');
    await waitFor(() => expect(preview?.naturalWidth).toBe(320));
  },
};

// An existing value (editing a saved record): listed by its file name, submitted as is, removable.
export const ExistingValue: Story = {
  args: { defaultValue: 'https://cdn.example.com/uploads/cover-photo.jpg' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('cover-photo.jpg')).toBeVisible();
    await expect(formValues(canvasElement, 'image')).toEqual(['https://cdn.example.com/uploads/cover-photo.jpg']);
    await expect(canvas.getByRole('button', { name: 'Remove cover-photo.jpg' })).toBeEnabled();
  },
};

export const Multiple: Story = {
  args: { name: 'media', multiple: true, maxFiles: 5, concurrency: 2 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const files = [await imageFile('beach.png'), audioFile('voice-note.wav'), videoFile('clip.mp4', 300_000)];
    pickFiles(canvasElement, files);
    await waitFor(() => expect(canvas.getAllByText('Uploaded')).toHaveLength(3));
    const values = formValues(canvasElement, 'media');
    // Values keep the order the files were picked in, whatever order they finished in.
    await expect(values.map((value) => value.slice(value.lastIndexOf('.')))).toEqual(['.png', '.wav', '.mp4']);
    await expect(native.uploads).toHaveLength(3);
    // The duration comes from the audio element's metadata, once its row has been seen: it may follow the upload.
    await waitFor(() => expect(canvas.getByText(/Duration 0:02/)).toBeVisible());
  },
};

export const CustomLabels: Story = {
  args: {
    accept: 'image/*',
    labels: {
      dropzone: 'Bild hierher ziehen oder klicken',
      dropzoneActive: 'Loslassen zum Hochladen',
      hint: ({ maxSize }) => `Nur Bilder, bis ${maxSize}`,
      status: {
        queued: 'Wartet',
        preparing: 'Wird optimiert',
        presigning: 'Vorbereitung',
        uploading: 'Lädt hoch',
        done: 'Hochgeladen',
        error: 'Fehler',
        canceled: 'Abgebrochen',
      },
      cancel: 'Abbrechen',
      retry: 'Erneut versuchen',
      remove: 'Entfernen',
      cancelFile: (name) => `${name} abbrechen`,
      retryFile: (name) => `${name} erneut versuchen`,
      removeFile: (name) => `${name} entfernen`,
      // What a screen reader hears: without these, the German field announced "Uploading katze.png" in English.
      announceUploading: (name) => `${name} wird hochgeladen`,
      announcePreparing: (name) => `${name} wird optimiert`,
      announceProgress: (name, percent) => `${name} zu ${percent} % hochgeladen`,
      announceDone: (name) => `${name} hochgeladen`,
      announceError: (name, message) => `${name} fehlgeschlagen: ${message}`,
      announceCanceled: (name) => `${name} abgebrochen`,
      announceRemoved: (name) => `${name} entfernt`,
      pendingUploads: 'Warten Sie, bis die Uploads fertig sind.',
      required: 'Wählen Sie eine Datei aus.',
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: /bild hierher ziehen/i })).toBeVisible();
    const announcements = recordAnnouncements(canvasElement);
    pickFiles(canvasElement, [await imageFile('katze.png')]);
    await canvas.findByText('Hochgeladen');
    await expect(canvas.getByRole('button', { name: 'katze.png entfernen' })).toBeVisible();
    await waitFor(() => expect(announcements.said()).toContain('katze.png hochgeladen'), { timeout: 10_000 });
    announcements.stop();
    await expect(announcements.said()).not.toMatch(/Uploading|uploaded/);
  },
};

export const Disabled: Story = {
  args: { disabled: true, defaultValue: 'https://cdn.example.com/uploads/kept.png' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(dropzone(canvasElement)).toHaveAttribute('aria-disabled', 'true');
    await expect(canvas.getByRole('button', { name: 'Remove kept.png' })).toBeDisabled();
    // Files that still reach the input (a script, a drop) are ignored.
    pickFiles(canvasElement, [await imageFile('ignored.png')]);
    await expect(canvas.queryByText('ignored.png')).not.toBeInTheDocument();
    await expect(native.calls).toHaveLength(0);
  },
};

const onSubmit = fn();
function Form(props: Parameters<typeof MediaUploader>[0]) {
  return (
    <form
      className="sb-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(Object.fromEntries(new FormData(event.currentTarget)));
      }}
    >
      <label htmlFor="title">Title</label>
      <input id="title" name="title" defaultValue="Sunset study" />
      <fieldset>
        <legend>Reference image</legend>
        <MediaUploader {...props} />
      </fieldset>
      <button type="submit">Run model</button>
    </form>
  );
}

// A plain form: `required` blocks the submit until a file is uploaded; the value then arrives in FormData.
export const RequiredInForm: Story = {
  args: { required: true },
  render: (args) => <Form {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    onSubmit.mockClear();
    await userEvent.click(canvas.getByRole('button', { name: 'Run model' }));
    await expect(onSubmit).not.toHaveBeenCalled();
    await canvas.findByText('Choose a file to upload.');
    await expect(dropzone(canvasElement)).toHaveAttribute('aria-invalid', 'true');

    pickFiles(canvasElement, [await imageFile('sunset.png')]);
    await canvas.findByText('Uploaded');
    await userEvent.click(canvas.getByRole('button', { name: 'Run model' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const [submitted] = onSubmit.mock.calls[0] as [Record<string, string>];
    await expect(submitted.title).toBe('Sunset study');
    await expect(submitted.image).toBe(native.uploads[0]?.url);
  },
};

// A submit while the upload runs is blocked with its own message, and focus goes to the drop zone.
export const PendingSubmitBlocked: Story = {
  args: { required: true, presign: presignSlow({ holdAt: 0.5 }) },
  render: (args) => <Form {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    onSubmit.mockClear();
    pickFiles(canvasElement, [await imageFile('sunset.png')]);
    await canvas.findByText('Uploading 50%');
    await userEvent.click(canvas.getByRole('button', { name: 'Run model' }));
    await canvas.findByText('Wait for the uploads to finish.');
    await expect(onSubmit).not.toHaveBeenCalled();
    await waitFor(() => expect(dropzone(canvasElement)).toHaveFocus());
  },
};
