import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { MediaUploader, defaultLabels, type UploaderSnapshot, type UploadFile } from '../../src/index';
import { thumbnailsWait } from '../../src/react/FileRow';
import { pngFile } from './fixtures';
import { shapeMock } from './mocks';
import { renderInForm } from './render';
import { done } from './rows';
import { server } from './server';

test('a change to one file re-renders only that file row', async () => {
  const options: Parameters<typeof shapeMock>[1] = {};
  const mock = shapeMock('native', options);
  server.use(...mock.handlers);
  // labels.size runs once per row render: count it by the size each row shows.
  const size = vi.fn(defaultLabels.size);
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" multiple labels={{ size }} />);
  await userEvent.upload(input, pngFile('first.png', 2048));
  await done('first.png');
  const firstRenders = () => size.mock.calls.filter(([bytes]) => bytes === 2048).length;
  const before = firstRenders();

  // The second file's storage answers only once its row shows it uploading: the row renders at least twice.
  let store = () => {};
  options.storageGate = new Promise<void>((resolve) => (store = resolve));
  await userEvent.upload(input, pngFile('second.png', 4096));
  await waitFor(() => expect(screen.getByText('second.png').closest('li')).toHaveAttribute('data-state', 'uploading'));
  store();
  await done('second.png');
  expect(size.mock.calls.filter(([bytes]) => bytes === 4096).length).toBeGreaterThan(1);
  expect(firstRenders()).toBe(before);
});

test('server HTML hydrates without mismatches', async () => {
  const consoleError = vi.spyOn(console, 'error');
  const ui = (
    <form>
      <MediaUploader name="image" presign="/api/presign" required defaultValue="https://cdn.example.com/a.png" />
    </form>
  );
  const container = document.createElement('div');
  container.innerHTML = renderToString(ui);
  document.body.append(container);
  const root = await act(async () => hydrateRoot(container, ui));
  await waitFor(() => expect(container.querySelector('input[name="image"]')).toHaveValue('https://cdn.example.com/a.png'));
  expect(consoleError).not.toHaveBeenCalled();
  act(() => root.unmount());
  container.remove();
  consoleError.mockRestore();
});

test('className and aria passthrough: aria-label names the root group, the drop zone keeps its visible label as name', () => {
  const { container } = render(
    <MediaUploader presign="/api/presign" className="dark" id="photo" aria-label="Photo" aria-describedby="help" />,
  );
  const root = container.firstElementChild!;
  expect(root).toHaveClass('mu', 'dark');
  expect(root).toHaveAttribute('data-state', 'idle');
  expect(screen.getByRole('group', { name: 'Photo' })).toBe(root);
  const dropzone = container.querySelector('#photo')!;
  expect(dropzone).not.toHaveAttribute('aria-label');
  // The name is the instruction; the hint describes it, then the app's help.
  expect(dropzone).toHaveAccessibleName('Drop files here, paste, or press to choose');
  expect(dropzone.getAttribute('aria-describedby')?.split(' ').at(-1)).toBe('help');
});

test('aria-labelledby names the root group from a visible field label', () => {
  render(
    <>
      <h2 id="photo-label">Reference photo</h2>
      <MediaUploader presign="/api/presign" aria-labelledby="photo-label" />
    </>,
  );
  expect(screen.getByRole('group', { name: 'Reference photo' })).toHaveClass('mu');
});

test('without a field name the root is no group', () => {
  const { container } = render(<MediaUploader presign="/api/presign" />);
  expect(container.firstElementChild).not.toHaveAttribute('role');
});

test.each([
  [undefined, 'Image, video or audio files, up to 100 MB'],
  ['image/png,image/jpeg,image/webp', 'PNG, JPEG or WebP files, up to 100 MB'],
  [{ 'video/mp4': ['.mp4'], 'video/quicktime': ['.mov'] }, 'MP4 or MOV files, up to 100 MB'],
  ['.heic,image/*', 'Image or HEIC files, up to 100 MB'],
  ['application/pdf', 'application/pdf files, up to 100 MB'],
])('the default hint names accepted formats as people know them (%j)', (accept, hint) => {
  const { container } = render(<MediaUploader presign="/api/presign" accept={accept} />);
  expect(container.querySelector('.mu-dropzone-hint')).toHaveTextContent(hint, { normalizeWhitespace: true });
  expect(container.querySelector('.mu-dropzone-hint')!.textContent).toBe(hint);
});

describe('thumbnailsWait: big images wait for their thumbnail while uploads are bound by the CPU', () => {
  const MB = 1024 * 1024;
  const entry = (status: UploadFile['status'], bytesPerSecond: number | null, loaded = 0) =>
    ({ status, bytesPerSecond, loaded, total: 5 * MB }) as UploadFile;
  const snapshot = (...files: UploadFile[]) => ({ files }) as unknown as UploaderSnapshot;

  test('nothing sending: no wait (finished files, files waiting for a slot use no CPU)', () => {
    expect(thumbnailsWait(snapshot())).toBe(false);
    expect(thumbnailsWait(snapshot(entry('done', null), entry('error', null), entry('canceled', null)))).toBe(false);
    expect(thumbnailsWait(snapshot(entry('queued', null), entry('queued', null)))).toBe(false);
  });

  test('nothing measured yet, a presign or a send that has only begun: wait', () => {
    expect(thumbnailsWait(snapshot(entry('presigning', null), entry('queued', null)))).toBe(true);
    expect(thumbnailsWait(snapshot(entry('done', null), entry('uploading', null)))).toBe(true);
  });

  test('a file waiting to try again (bytes sent before, its speed cleared: Retry-After, offline) holds no thumbnail back', () => {
    expect(thumbnailsWait(snapshot(entry('done', null), entry('uploading', null, 2 * MB), entry('queued', null)))).toBe(false);
  });

  test('uploads faster than 25 MB/s together (a LAN, a local store): wait; a real network (a few MB/s): no wait', () => {
    expect(thumbnailsWait(snapshot(entry('uploading', 15 * MB, MB), entry('uploading', 15 * MB, MB), entry('done', null)))).toBe(true);
    expect(thumbnailsWait(snapshot(entry('uploading', 2 * MB, MB), entry('uploading', 1 * MB, MB), entry('presigning', null)))).toBe(false);
  });
});
