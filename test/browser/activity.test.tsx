// A widget React hides with <Activity mode="hidden"> (a tab, a cached route) against the real loopback storage server:
// React cleans up a hidden widget's effects as an unmount's, but keeps it; uploads go on, the form follows the store,
// and only an unmount (at once, or later for a tree unmounted while hidden) ends them (src/react/endAtUnmount.ts).
import '@testing-library/jest-dom/vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { onlineManager } from '@tanstack/query-core';
import { Activity, type ReactElement } from 'react';
import { expect, inject, test, vi } from 'vitest';
import { MediaUploader, type MediaUploaderProps } from '../../src/index';
import { drop, expectServerSawAbort, freshStorageEachTest, png, presignVia, putUnderWay, realBrowserUpdates, rowOf, stats, waitForState } from './fixtures';

const origin = inject('storageOrigin');
realBrowserUpdates();
const MB = 1024 * 1024;

freshStorageEachTest();

type Mode = 'visible' | 'hidden';

const widget = (mode: Mode, props: Partial<MediaUploaderProps> = {}) => (
  <Activity mode={mode}>
    <MediaUploader name="image" presign={presignVia('native')} {...props} />
  </Activity>
);
const inForm = (content: ReactElement | false, noValidate = false) => (
  <form aria-label="Prediction" noValidate={noValidate}>
    {content}
    <button type="submit">Run</button>
  </form>
);

/** Renders `ui('visible')`, drops `file` and waits until storage reads its PUT; `show` renders `ui` in another mode. */
async function uploadingIn<M extends string>(ui: (mode: M | 'visible') => ReactElement, file: File) {
  const utils = render(ui('visible'));
  drop(utils.container.querySelector<HTMLElement>('[data-mu-dropzone]')!, file);
  await waitForState(file.name, 'uploading');
  const key = await putUnderWay(file.name);
  const form = utils.container.querySelector('form');
  return { ...utils, key, form, show: (mode: M | 'visible') => utils.rerender(ui(mode)) };
}

const stored = (key: string, size: number) =>
  waitFor(async () => expect((await stats()).stored).toEqual({ [key]: size }), { timeout: 15_000 });
const submitted = (onSubmit: ReturnType<typeof vi.fn>) =>
  waitFor(() => {
    screen.getByRole('button', { name: 'Run' }).click();
    expect(onSubmit).toHaveBeenCalledTimes(1);
  }, { timeout: 3000 });
const onSubmitOf = (form: HTMLFormElement) => {
  const onSubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
  form.addEventListener('submit', onSubmit);
  return onSubmit;
};

test('a widget hidden mid-upload keeps uploading, and shows the stored file when shown again', async () => {
  const { key, form, show } = await uploadingIn((mode: Mode) => inForm(widget(mode)), png('holiday.png', 6 * MB));

  show('hidden');
  // React cleaned up the widget's effects; the upload goes on, and its value reaches the form while hidden.
  await stored(key, 6 * MB);
  await waitFor(() => expect(new FormData(form!).getAll('image')).toEqual([`${origin}/public/${key}`]));

  show('visible');
  await waitForState('holiday.png', 'done');
  expect(new FormData(form!).getAll('image')).toEqual([`${origin}/public/${key}`]);
  const { requests, aborted } = await stats();
  expect(requests).toEqual(['POST /presign', `PUT /bucket/${key}`]);
  expect(aborted).toEqual([]);
});

test('a widget unmounted while hidden aborts its upload and revokes its object URLs', async () => {
  const revoke = vi.spyOn(URL, 'revokeObjectURL');
  const ui = (mode: Mode) => widget(mode, { multiple: true });
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
])('a form %s, whose widget is hidden mid-upload, is blocked until the upload ends, then submits its value', async (_, noValidate) => {
  const { key, form, show } = await uploadingIn((mode: Mode) => inForm(widget(mode), noValidate), png('holiday.png', 12 * MB));
  const onSubmit = onSubmitOf(form!);

  show('hidden');
  screen.getByRole('button', { name: 'Run' }).click();
  expect(onSubmit).not.toHaveBeenCalled();
  await stored(key, 12 * MB);
  await submitted(onSubmit);
  expect(new FormData(form!).getAll('image')).toEqual([`${origin}/public/${key}`]);
});

test('a form reset while its widget is hidden mid-upload empties the field and leaves the form submittable', async () => {
  const { key, form, show, unmount } = await uploadingIn((mode: Mode) => inForm(widget(mode)), png('holiday.png', 12 * MB));
  const onSubmit = onSubmitOf(form!);

  show('hidden');
  form!.reset();
  await expectServerSawAbort(key);
  // Nothing runs and nothing is required: the field blocks no submit, natively validated or not.
  await submitted(onSubmit);
  expect(new FormData(form!).getAll('image')).toEqual([]);

  // The store the reset made is the one the unmount ends: none is left listening for `online` (a leaked store).
  expect(onlineManager.hasListeners()).toBe(true);
  unmount();
  await waitFor(() => expect(onlineManager.hasListeners()).toBe(false), { timeout: 3000 });
});

test('onPendingChange hears an upload that ends while the widget is hidden', async () => {
  const onPendingChange = vi.fn();
  const { key, show } = await uploadingIn((mode: Mode) => widget(mode, { onPendingChange }), png('holiday.png', 12 * MB));
  expect(onPendingChange.mock.calls).toEqual([[true]]);

  show('hidden');
  await stored(key, 12 * MB);
  // An app that disables its own submit control while pending (README) must hear the end while the widget is hidden.
  await waitFor(() => expect(onPendingChange.mock.calls).toEqual([[true], [false]]));
});

test('a widget unmounted while hidden no longer blocks its form', async () => {
  const ui = (mode: Mode | 'gone') => inForm(mode !== 'gone' && widget(mode), true);
  const { form, show } = await uploadingIn(ui, png('holiday.png', 12 * MB));
  const onSubmit = onSubmitOf(form!);

  show('hidden');
  show('gone');
  screen.getByRole('button', { name: 'Run' }).click();
  expect(onSubmit).toHaveBeenCalledTimes(1);
});
