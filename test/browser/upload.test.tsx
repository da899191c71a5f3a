// Real Chromium against a real loopback storage server on another origin (globalSetup.ts):
// native drag and drop, CORS preflights, XHR upload progress, S3 error bodies, object URLs.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, expect, inject, test, vi } from 'vitest';
import { Activity, type ReactElement } from 'react';
import { onlineManager } from '@tanstack/query-core';
import { MediaUploader } from '../../src/index';
import { png, presignVia, realBrowserUpdates } from './fixtures';

const origin = inject('storageOrigin');
realBrowserUpdates();
const MB = 1024 * 1024;

interface Stats {
  requests: string[];
  stored: Record<string, number>;
  /** Keys of PUTs whose connection closed before storage had read the body and answered. */
  aborted: string[];
}
const stats = async (): Promise<Stats> => (await fetch(`${origin}/stats`)).json();

/** The key of the PUT (of the file named `name`, if given) the storage server is reading, once it has one. */
async function putUnderWay(name = ''): Promise<string> {
  let key = '';
  await waitFor(async () => {
    const put = (await stats()).requests.find((line) => line.startsWith('PUT /bucket/') && line.endsWith(name));
    expect(put).toBeDefined();
    key = put!.slice('PUT /bucket/'.length);
  }, { timeout: 15_000 });
  return key;
}

/** Waits until the storage server is done with the PUT, stored or aborted, and expects aborted: nothing stored. */
async function expectServerSawAbort(key: string) {
  let now: Stats | undefined;
  await waitFor(async () => {
    now = await stats();
    expect(now.aborted.includes(key) || key in now.stored).toBe(true);
  }, { timeout: 15_000 });
  expect(now!.aborted, JSON.stringify(now)).toEqual([key]);
  expect(now!.stored).toEqual({});
}

beforeEach(async () => {
  await fetch(`${origin}/reset`, { method: 'POST' });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** A presign function as an app would write one: its own route, here on the storage server. */

function renderForm(ui: ReactElement) {
  const utils = render(<form aria-label="Prediction">{ui}</form>);
  const form = utils.container.querySelector('form')!;
  const dropzone = utils.container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  return { ...utils, form, dropzone, values: (name = 'image') => new FormData(form).getAll(name) };
}

/** A native drop, as the OS would deliver it: testing-library's fireEvent.drop drops nothing in a real browser. */
function drop(target: HTMLElement, ...files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

const rowOf = (name: string) => screen.getByText(name, { selector: '.mu-file-name' }).closest('li')!;
const waitForState = (name: string, state: string, timeout = 15_000) =>
  waitFor(() => expect(rowOf(name)).toHaveAttribute('data-state', state), { timeout });

/** Every aria-valuenow the page showed, as it changed. */
function recordProgress(container: HTMLElement): number[] {
  const seen: number[] = [];
  const observer = new MutationObserver(() => {
    const bar = container.querySelector('[role="progressbar"]');
    const now = Number(bar?.getAttribute('aria-valuenow'));
    if (bar && seen.at(-1) !== now) seen.push(now);
  });
  observer.observe(container, { attributes: true, attributeFilter: ['aria-valuenow'], subtree: true, childList: true });
  return seen;
}

test.each([
  ['native', (key: string) => `${origin}/public/${key}`],
  ['apimodels', (key: string) => `${origin}/public/${key}`],
  // eachlabs' required_headers (a signed x-amz-meta-file-id) must reach storage verbatim, or it answers 403.
  ['eachlabs', (key: string) => `${origin}/public/${key}`],
] as const)('%s: a dropped 3 MB PNG reaches the other origin with rising progress', async (shape, publicUrl) => {
  const { container, dropzone, values } = renderForm(<MediaUploader name="image" presign={presignVia(shape)} />);
  const progress = recordProgress(container);

  drop(dropzone, png());
  await waitForState('holiday.png', 'done');

  const partial = progress.filter((value) => value > 0 && value < 100);
  // Never assert a count of events (engines differ): only that progress rose below 100 before done.
  expect(partial.length, `progress seen: ${progress.join(', ')}`).toBeGreaterThan(0);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  expect(progress.at(-1)).toBe(100);
  const { stored, requests } = await stats();
  const [key, size] = Object.entries(stored)[0]!;
  expect(size).toBe(3 * MB);
  expect(requests).toEqual(['POST /presign', `PUT /bucket/${key}`]);
  expect(values()).toEqual([publicUrl(key)]);
});

test('modelroute: the form gets the file_id', async () => {
  const { dropzone, values } = renderForm(<MediaUploader name="image" presign={presignVia('modelroute')} provider="modelroute" />);
  drop(dropzone, png('clip.png', MB));
  await waitForState('clip.png', 'done');
  const [value] = values();
  expect(value).toMatch(/^[0-9a-f-]{36}$/);
  expect(Object.values((await stats()).stored)).toEqual([MB]);
});

test('speed and time left are shown while uploading', async () => {
  const { container, dropzone } = renderForm(<MediaUploader name="image" presign={presignVia('native')} />);
  const texts: string[] = [];
  const observer = new MutationObserver(() => {
    const bar = container.querySelector('[role="progressbar"]');
    const text = bar?.getAttribute('aria-valuetext');
    if (text) texts.push(text);
  });
  observer.observe(container, { attributes: true, subtree: true, childList: true });
  drop(dropzone, png());
  await waitForState('holiday.png', 'done');
  observer.disconnect();
  expect(texts.some((text) => /^\d+% uploaded, [\d.]+ (bytes|KB|MB|GB)\/s/.test(text))).toBe(true);
});

test('too large and wrong type are rejected with words, and nothing is requested', async () => {
  const { dropzone, values } = renderForm(
    <MediaUploader name="image" presign={presignVia('native')} maxSize={MB} multiple />,
  );
  drop(dropzone, png('big.png', 3 * MB), new File(['just text'], 'notes.txt', { type: 'text/plain' }));
  await waitForState('big.png', 'error');
  await waitForState('notes.txt', 'error');
  expect(within(rowOf('big.png')).getByText('big.png is 3 MB; the limit is 1 MB.')).toBeVisible();
  expect(within(rowOf('notes.txt')).getByText(/only image, video or audio files are accepted/)).toBeVisible();
  expect((await stats()).requests).toEqual([]);
  expect(values()).toEqual([]);
});

test('cancel mid-upload leaves the field empty and nothing stored', async () => {
  const { dropzone, values } = renderForm(<MediaUploader name="image" presign={presignVia('native')} />);
  drop(dropzone, png('holiday.png', 6 * MB));
  await waitForState('holiday.png', 'uploading');
  // Past the CORS preflight: the storage server is reading the body when the user cancels.
  const key = await putUnderWay();
  within(rowOf('holiday.png')).getByRole('button', { name: 'Cancel holiday.png' }).click();
  await waitForState('holiday.png', 'canceled');
  await expectServerSawAbort(key);
  expect(rowOf('holiday.png')).toHaveAttribute('data-state', 'canceled');
  expect(values()).toEqual([]);
});

test('keyboard focus on Cancel stays in the row when the upload ends: the row takes it, not Remove', async () => {
  const { dropzone } = renderForm(<MediaUploader name="image" presign={presignVia('native')} />);
  drop(dropzone, png('holiday.png', 6 * MB));
  await waitForState('holiday.png', 'uploading');
  within(rowOf('holiday.png')).getByRole('button', { name: 'Cancel holiday.png' }).focus();
  await waitForState('holiday.png', 'done');
  await waitFor(() => expect(rowOf('holiday.png')).toHaveFocus());
});

test('object URLs are revoked on remove and on unmount', async () => {
  const revoke = vi.spyOn(URL, 'revokeObjectURL');
  const { dropzone, unmount } = renderForm(
    <MediaUploader name="image" presign={presignVia('native')} multiple />,
  );
  drop(dropzone, png('one.png', 1024), png('two.png', 1024));
  await waitForState('one.png', 'done');
  await waitForState('two.png', 'done');
  const one = rowOf('one.png').querySelector('img')!.src;
  const two = rowOf('two.png').querySelector('img')!.src;
  expect(one).toMatch(/^blob:/);

  within(rowOf('one.png')).getByRole('button', { name: 'Remove one.png' }).click();
  await waitFor(() => expect(revoke).toHaveBeenCalledWith(one));
  expect(revoke).not.toHaveBeenCalledWith(two);
  unmount();
  expect(revoke).toHaveBeenCalledWith(two);
});

test('a 403 SignatureDoesNotMatch from storage becomes a clear error in the row', async () => {
  const { dropzone, values } = renderForm(
    <MediaUploader name="image" presign={presignVia('native', '&tamper=1')} retry={false} />,
  );
  drop(dropzone, png('holiday.png', 1024));
  await waitForState('holiday.png', 'error');
  expect(within(rowOf('holiday.png')).getByText(/did not match what was signed/)).toBeVisible();
  expect(values()).toEqual([]);
});

test('submitting while an upload runs is blocked by the browser, and focus goes to the drop zone', async () => {
  const onSubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
  const { form, dropzone } = renderForm(
    <>
      <MediaUploader name="image" presign={presignVia('native')} />
      <button type="submit">Run</button>
    </>,
  );
  form.addEventListener('submit', onSubmit);
  drop(dropzone, png('holiday.png', 6 * MB));
  await waitForState('holiday.png', 'uploading');
  screen.getByRole('button', { name: 'Run' }).click();
  expect(onSubmit).not.toHaveBeenCalled();
  await waitFor(() => expect(dropzone).toHaveFocus());
  expect(screen.getByText('Wait for the uploads to finish.')).toBeVisible();
  await waitForState('holiday.png', 'done');
  screen.getByRole('button', { name: 'Run' }).click();
  expect(onSubmit).toHaveBeenCalledTimes(1);
});

test('unmount mid-upload aborts the PUT: nothing is stored and nothing is logged', async () => {
  const consoleError = vi.spyOn(console, 'error');
  const { dropzone, unmount } = renderForm(<MediaUploader name="image" presign={presignVia('native')} />);
  drop(dropzone, png('holiday.png', 6 * MB));
  await waitForState('holiday.png', 'uploading');
  // Past the CORS preflight: the storage server is reading the body when the page goes away.
  const key = await putUnderWay();
  unmount();
  await expectServerSawAbort(key);
  expect(consoleError.mock.calls.map((call) => String(call[0]).slice(0, 300))).toEqual([]);
});

test('a widget hidden by <Activity> mid-upload keeps uploading, and shows the stored file when shown again', async () => {
  const ui = (mode: 'visible' | 'hidden') => (
    <form aria-label="Prediction">
      <Activity mode={mode}>
        <MediaUploader name="image" presign={presignVia('native')} />
      </Activity>
    </form>
  );
  const { container, rerender } = render(ui('visible'));
  const form = container.querySelector('form')!;
  drop(container.querySelector<HTMLElement>('[data-mu-dropzone]')!, png('holiday.png', 6 * MB));
  await waitForState('holiday.png', 'uploading');
  const key = await putUnderWay();

  rerender(ui('hidden'));
  // React cleaned up the widget's effects; the upload goes on, and its value reaches the form while hidden.
  await waitFor(async () => expect((await stats()).stored).toEqual({ [key]: 6 * MB }), { timeout: 15_000 });
  await waitFor(() => expect(new FormData(form).getAll('image')).toEqual([`${origin}/public/${key}`]));

  rerender(ui('visible'));
  await waitForState('holiday.png', 'done');
  expect(new FormData(form).getAll('image')).toEqual([`${origin}/public/${key}`]);
  const { requests, aborted } = await stats();
  expect(requests).toEqual(['POST /presign', `PUT /bucket/${key}`]);
  expect(aborted).toEqual([]);
});

test('a widget unmounted while hidden by <Activity> aborts its upload and revokes its object URLs', async () => {
  const revoke = vi.spyOn(URL, 'revokeObjectURL');
  const ui = (mode: 'visible' | 'hidden') => (
    <Activity mode={mode}>
      <MediaUploader name="image" presign={presignVia('native')} multiple />
    </Activity>
  );
  const { container, rerender, unmount } = render(ui('visible'));
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  drop(dropzone, png('small.png', 1024));
  await waitForState('small.png', 'done');
  const preview = rowOf('small.png').querySelector('img')!.src;
  drop(dropzone, png('holiday.png', 6 * MB));
  await waitForState('holiday.png', 'uploading');
  const key = await putUnderWay('holiday.png');

  rerender(ui('hidden'));
  expect(revoke).not.toHaveBeenCalledWith(preview);
  // React cleans up nothing more when it unmounts a hidden tree: the store sees its input leave the document.
  unmount();
  await waitFor(async () => expect((await stats()).aborted).toEqual([key]), { timeout: 15_000 });
  expect(Object.keys((await stats()).stored)).not.toContain(key);
  await waitFor(() => expect(revoke).toHaveBeenCalledWith(preview));
});

test.each([
  ['validated by the browser', false],
  ['with noValidate', true],
])('a form %s, whose widget <Activity> hides mid-upload, is blocked until the upload ends, then submits its value', async (_, noValidate) => {
  const onSubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
  const ui = (mode: 'visible' | 'hidden') => (
    <form aria-label="Prediction" noValidate={noValidate}>
      <Activity mode={mode}>
        <MediaUploader name="image" presign={presignVia('native')} />
      </Activity>
      <button type="submit">Run</button>
    </form>
  );
  const { container, rerender } = render(ui('visible'));
  const form = container.querySelector('form')!;
  form.addEventListener('submit', onSubmit);
  drop(container.querySelector<HTMLElement>('[data-mu-dropzone]')!, png('holiday.png', 12 * MB));
  await waitForState('holiday.png', 'uploading');
  const key = await putUnderWay();

  rerender(ui('hidden'));
  screen.getByRole('button', { name: 'Run' }).click();
  expect(onSubmit).not.toHaveBeenCalled();
  await waitFor(async () => expect((await stats()).stored).toEqual({ [key]: 12 * MB }), { timeout: 15_000 });
  await waitFor(() => {
    screen.getByRole('button', { name: 'Run' }).click();
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });
  expect(new FormData(form).getAll('image')).toEqual([`${origin}/public/${key}`]);
});

test('a form reset while its widget is hidden by <Activity> mid-upload empties the field and leaves the form submittable', async () => {
  const onSubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
  const ui = (mode: 'visible' | 'hidden') => (
    <form aria-label="Prediction">
      <Activity mode={mode}>
        <MediaUploader name="image" presign={presignVia('native')} />
      </Activity>
      <button type="submit">Run</button>
    </form>
  );
  const { container, rerender, unmount } = render(ui('visible'));
  const form = container.querySelector('form')!;
  form.addEventListener('submit', onSubmit);
  drop(container.querySelector<HTMLElement>('[data-mu-dropzone]')!, png('holiday.png', 12 * MB));
  await waitForState('holiday.png', 'uploading');
  const key = await putUnderWay();

  rerender(ui('hidden'));
  form.reset();
  await expectServerSawAbort(key);
  // Nothing runs and nothing is required: the field blocks no submit, natively validated or not.
  await waitFor(() => {
    screen.getByRole('button', { name: 'Run' }).click();
    expect(onSubmit).toHaveBeenCalledTimes(1);
  }, { timeout: 3000 });
  expect(new FormData(form).getAll('image')).toEqual([]);

  // The store the reset made is the one the unmount ends: none is left listening for `online` (a leaked store).
  expect(onlineManager.hasListeners()).toBe(true);
  unmount();
  await waitFor(() => expect(onlineManager.hasListeners()).toBe(false), { timeout: 3000 });
});

test('onPendingChange hears an upload that ends while <Activity> hides the widget', async () => {
  const onPendingChange = vi.fn();
  const ui = (mode: 'visible' | 'hidden') => (
    <Activity mode={mode}>
      <MediaUploader name="image" presign={presignVia('native')} onPendingChange={onPendingChange} />
    </Activity>
  );
  const { container, rerender } = render(ui('visible'));
  drop(container.querySelector<HTMLElement>('[data-mu-dropzone]')!, png('holiday.png', 12 * MB));
  await waitForState('holiday.png', 'uploading');
  const key = await putUnderWay();
  expect(onPendingChange.mock.calls).toEqual([[true]]);

  rerender(ui('hidden'));
  await waitFor(async () => expect((await stats()).stored).toEqual({ [key]: 12 * MB }), { timeout: 15_000 });
  // An app that disables its own submit control while pending (README) must hear the end while the widget is hidden.
  await waitFor(() => expect(onPendingChange.mock.calls).toEqual([[true], [false]]));
});

test('a widget unmounted while hidden by <Activity> no longer blocks its form', async () => {
  const onSubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
  const ui = (mode: 'visible' | 'hidden' | 'gone') => (
    <form aria-label="Prediction" noValidate>
      {mode !== 'gone' && (
        <Activity mode={mode}>
          <MediaUploader name="image" presign={presignVia('native')} />
        </Activity>
      )}
      <button type="submit">Run</button>
    </form>
  );
  const { container, rerender } = render(ui('visible'));
  container.querySelector('form')!.addEventListener('submit', onSubmit);
  drop(container.querySelector<HTMLElement>('[data-mu-dropzone]')!, png('holiday.png', 12 * MB));
  await waitForState('holiday.png', 'uploading');
  await putUnderWay();

  rerender(ui('hidden'));
  rerender(ui('gone'));
  screen.getByRole('button', { name: 'Run' }).click();
  expect(onSubmit).toHaveBeenCalledTimes(1);
});
