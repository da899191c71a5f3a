// Every state of <MediaUploader>, on msw mocks of the app's presign route and of storage (no network).
// Play functions drive the key flows with real browser events and check what a user would see.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http } from 'msw';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { MediaUploader, type PresignRequest } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { dragEnter, dropzone, pickFiles } from './support/dom';
import { audioFile, imageFile, largePng, textFile, videoFile } from './support/files';
import { slowXhr } from './support/slowXhr';

const native = presignEndpointMock({ provider: 'native' });

// Storage that takes the request and never answers: the row stays in `uploading` for as long as one looks.
const HANGING_STORAGE = 'https://hanging-storage.example.com';
const hangingStorage = [
  http.put(`${HANGING_STORAGE}/*`, async () => {
    await delay('infinite');
  }),
];

/** A presign function answering a native target at `origin`, as an app's own presign code would. */
function presignTo(origin: string) {
  return async (req: PresignRequest) => {
    const key = `uploads/${crypto.randomUUID()}${req.filename.slice(req.filename.lastIndexOf('.'))}`;
    return {
      uploadUrl: `${origin}/${key}?X-Amz-Signature=story`,
      method: 'PUT',
      headers: { 'Content-Type': req.contentType },
      publicUrl: `https://cdn.example.com/${key}`,
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    };
  };
}

/** The hidden form inputs carrying the field's values, in order. */
function formValues(root: HTMLElement, name: string): string[] {
  return [...root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].map((input) => input.value);
}

const meta = {
  title: 'MediaUploader',
  component: MediaUploader,
  args: { name: 'image', presign: '/api/presign' },
  parameters: { msw: native.handlers },
  beforeEach: () => native.reset(),
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: /drop files here/i });
    await expect(zone).toHaveAttribute('tabindex', '0');
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

// msw's service worker never fires xhr.upload progress, so a moving bar comes from the `createXhr` seam:
// a stand-in XHR that reports progress (a 48 MB file over 20 s), holding at 42%, with speed and time left.
export const Uploading: Story = {
  args: {
    presign: presignTo('https://media.example.com'),
    createXhr: slowXhr({ durationMs: 20_000, holdAt: 0.42 }),
    stallTimeoutMs: 0,
  },
  play: async ({ canvasElement }) => {
    pickFiles(canvasElement, [videoFile('interview.mp4', 48_000_000)]);
    const bar = await within(canvasElement).findByRole('progressbar', { name: 'interview.mp4' });
    await waitFor(() => expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(5), { timeout: 10_000 });
    await expect(bar.getAttribute('aria-valuetext')).toMatch(/% uploaded/);
    await expect(formValues(canvasElement, 'image')).toEqual([]);
  },
};

// Through msw alone: the PUT reaches the (mock) storage and waits there. No progress events arrive in this
// setup, so the bar sits at 0% while the status reads "Uploading".
export const UploadingNoProgressEvents: Story = {
  args: { presign: presignTo(HANGING_STORAGE), stallTimeoutMs: 0 },
  parameters: { msw: hangingStorage },
  play: async ({ canvasElement }) => {
    pickFiles(canvasElement, [await imageFile('harbor.png')]);
    await within(canvasElement).findByText(/^Uploading \d+%$/, {}, { timeout: 10_000 });
  },
};

// The same stand-in XHR, finishing after 4 s: the bar moves, then the row turns done.
export const ProgressToDone: Story = {
  args: {
    presign: presignTo('https://media.example.com'),
    createXhr: slowXhr({ durationMs: 4_000 }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('harbor.png')]);
    const bar = await canvas.findByRole('progressbar', { name: 'harbor.png' });
    await waitFor(() => expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0), { timeout: 5_000 });
    await canvas.findByText('Uploaded', {}, { timeout: 10_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    await expect(formValues(canvasElement, 'image')[0]).toMatch(/^https:\/\/cdn\.example\.com\/uploads\/.+\.png$/);
  },
};

export const MultipleFiles: Story = {
  args: { name: 'media', multiple: true, maxFiles: 5, concurrency: 2 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const files = [await imageFile('beach.png'), audioFile('voice-note.wav'), videoFile('clip.mp4', 300_000)];
    pickFiles(canvasElement, files);
    await waitFor(() => expect(canvas.getAllByText('Uploaded')).toHaveLength(3), { timeout: 15_000 });
    const values = formValues(canvasElement, 'media');
    // Values keep the order the files were picked in, whatever order they finished in.
    await expect(values).toHaveLength(3);
    await expect(values.map((value) => value.slice(value.lastIndexOf('.')))).toEqual(['.png', '.wav', '.mp4']);
    await expect(native.uploads).toHaveLength(3);
  },
};

export const RejectedTooLarge: Story = {
  args: { maxSize: 1024 * 1024 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [largePng('poster.png', 3 * 1024 * 1024)]);
    await canvas.findByText(/poster\.png is 3(\.0)? MB; the limit is 1(\.0)? MB/);
    await expect(canvas.getByRole('button', { name: 'Remove poster.png' })).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Retry poster.png' })).not.toBeInTheDocument();
    await expect(native.calls).toHaveLength(0);
  },
};

export const RejectedWrongType: Story = {
  args: { accept: 'image/*' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [textFile('notes.txt')]);
    await canvas.findByText(/notes\.txt is a file of type text\/plain; only image files are accepted/);
    await expect(native.calls).toHaveLength(0);
  },
};

const presign500 = presignEndpointMock({ provider: 'native', fail: 'presign-500' });
export const PresignFailure: Story = {
  args: { retry: false },
  parameters: { msw: presign500.handlers },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('portrait.png')]);
    await canvas.findByText('Failed', {}, { timeout: 10_000 });
    await expect(canvas.getByRole('button', { name: 'Retry portrait.png' })).toBeVisible();
    await expect(formValues(canvasElement, 'image')).toEqual([]);
  },
};

const badSignature = presignEndpointMock({ provider: 'native', fail: 'upload-403-signature' });
export const SignatureMismatch: Story = {
  args: { retry: false },
  parameters: { msw: badSignature.handlers },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('portrait.png')]);
    await canvas.findByText('Failed', {}, { timeout: 10_000 });
    await expect(canvasElement.querySelector('.mu-file-error')?.textContent).toMatch(/signature/i);
  },
};

const expired = presignEndpointMock({ provider: 'native', fail: 'upload-expired' });
export const Expired: Story = {
  args: { retry: false },
  parameters: { msw: expired.handlers },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('portrait.png')]);
    await canvas.findByText('Failed', {}, { timeout: 10_000 });
    await expect(canvasElement.querySelector('.mu-file-error')?.textContent).toMatch(/expired/i);
    // An expired URL is presigned again once before giving up.
    await expect(expired.calls.filter((call) => call.url.endsWith('/api/presign'))).toHaveLength(2);
  },
};

export const Canceled: Story = {
  args: { presign: presignTo(HANGING_STORAGE), stallTimeoutMs: 0 },
  parameters: { msw: hangingStorage },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('harbor.png')]);
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel harbor.png' }, { timeout: 10_000 }));
    await canvas.findByText('Canceled');
    await expect(canvas.getByRole('button', { name: 'Retry harbor.png' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Remove harbor.png' })).toBeVisible();
    await expect(formValues(canvasElement, 'image')).toEqual([]);
  },
};

export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvasElement }) => {
    await expect(dropzone(canvasElement)).toHaveAttribute('aria-disabled', 'true');
    // Files that still reach the input (a script, a drop) are ignored.
    pickFiles(canvasElement, [await imageFile('ignored.png')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(within(canvasElement).queryByRole('list')).not.toBeInTheDocument();
    await expect(native.calls).toHaveLength(0);
  },
};

const onSubmit = fn();
// A plain form: `required` blocks the submit until a file is uploaded; the value then arrives in FormData.
export const RequiredInForm: Story = {
  args: { required: true },
  render: (args) => (
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
        <MediaUploader {...args} />
      </fieldset>
      <button type="submit">Run model</button>
    </form>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    onSubmit.mockClear();
    await userEvent.click(canvas.getByRole('button', { name: 'Run model' }));
    await expect(onSubmit).not.toHaveBeenCalled();
    await canvas.findByText('Choose a file to upload.');

    pickFiles(canvasElement, [await imageFile('sunset.png')]);
    await canvas.findByText('Uploaded', {}, { timeout: 10_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Run model' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const [submitted] = onSubmit.mock.calls[0] as [Record<string, string>];
    await expect(submitted.title).toBe('Sunset study');
    await expect(submitted.image).toBe(native.uploads[0]?.url);
  },
};

export const CustomLabels: Story = {
  args: {
    accept: 'image/*',
    labels: {
      dropzone: 'Bild hierher ziehen oder klicken',
      dropzoneActive: 'Loslassen zum Hochladen',
      hint: ({ maxSize }) => `Nur Bilder, bis ${maxSize}`,
      status: { queued: 'Wartet', presigning: 'Vorbereitung', uploading: 'Lädt hoch', done: 'Hochgeladen', error: 'Fehler', canceled: 'Abgebrochen' },
      remove: 'Entfernen',
      removeFile: (name) => `${name} entfernen`,
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: /bild hierher ziehen/i })).toBeVisible();
    pickFiles(canvasElement, [await imageFile('katze.png')]);
    await canvas.findByText('Hochgeladen', {}, { timeout: 10_000 });
    await expect(canvas.getByRole('button', { name: 'katze.png entfernen' })).toBeVisible();
  },
};

// The styles follow the system setting, or a `.dark` / `[data-theme=dark]` ancestor as here.
export const DarkTheme: Story = {
  args: { multiple: true, name: 'media' },
  decorators: [
    (Story) => (
      <div data-theme="dark" className="sb-dark">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('night.png', { hue: 230 }), textFile('readme.txt')]);
    await canvas.findByText('Uploaded', {}, { timeout: 10_000 });
    await canvas.findByText(/readme\.txt is a file of type text\/plain/);
  },
};
