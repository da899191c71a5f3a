// What a screen-reader user meets, read from the page as the browser exposes it: roles, names and descriptions
// (testing-library computes them from the DOM, as the accessibility tree does), the tab order, and every message
// the live region shows, in order (a MutationObserver), against the throttled loopback storage (globalSetup.ts).
import '@testing-library/jest-dom/vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { Activity } from 'react';
import { expect, inject, onTestFinished, test, vi } from 'vitest';
import { page, server, userEvent } from 'vitest/browser';
import { MediaUploader, type MediaUploaderProps } from '../../src/index';
import { chromiumButtonNames } from './chromiumButtonNames';
import { freshStorageEachTest, png, presignVia, realBrowserUpdates } from './fixtures';

const origin = inject('storageOrigin');
realBrowserUpdates();
const MB = 1024 * 1024;
const LABEL = 'Drop files here, paste, or press to choose';
const HINT = 'Image, video or audio files, up to 100 MB';

freshStorageEachTest();

/** The uploader in a form, with a control after it, and a recorder of the live region's messages. */
function renderField(props: Partial<MediaUploaderProps> = {}) {
  const utils = render(
    <form aria-label="Prediction">
      <MediaUploader name="image" presign={presignVia('native')} {...props} />
      <button type="submit">Run</button>
    </form>,
  );
  const dropzone = screen.getByRole('button', { name: LABEL });
  const region = screen.getByRole('status');
  const heard: string[] = [];
  // A repeat ends with a no-break space (so it is a change); the words are what is recorded.
  const observer = new MutationObserver(() => heard.push((region.textContent ?? '').replace(/\u00a0$/, '')));
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  onTestFinished(() => observer.disconnect());
  onTestFinished(({ task }) => console.info(`[heard] ${task.name}: ${JSON.stringify(heard)}`));
  return { ...utils, dropzone, region, heard, said: () => heard.filter(Boolean) };
}

/** A native drop, as the OS delivers it. */
function drop(target: HTMLElement, ...files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

const rowOf = (name: string) => screen.getByText(name, { selector: '.mu-file-name' }).closest('li')!;
const waitForState = (name: string, state: string) =>
  waitFor(() => expect(rowOf(name)).toHaveAttribute('data-state', state), { timeout: 20_000 });
const waitToHear = (said: () => string[], pattern: RegExp) =>
  waitFor(() => expect(said().join(' | ')).toMatch(pattern), { timeout: 10_000 });
/** Each message's sentences, so a merged message ("Uploading a. a uploaded") and two separate ones compare alike. */
const sentences = (messages: string[]) => messages.flatMap((message) => message.split(/(?<=[^.]\w)\. (?=[A-Z\w])/));

test('one focusable control per field: the drop zone, named by its label and described by its hint', async () => {
  const { container, dropzone } = renderField();
  // The file input is out of the accessibility tree (display: none) and out of the tab order.
  const input = container.querySelector('input[type=file]')!;
  expect(getComputedStyle(input).display).toBe('none');
  expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual([expect.stringContaining(LABEL), 'Run']);
  expect(screen.getByRole('button', { name: LABEL, description: HINT })).toBe(dropzone);
  await userEvent.keyboard('{Tab}');
  expect(dropzone).toHaveFocus();
  await userEvent.keyboard('{Tab}');
  expect(screen.getByRole('button', { name: 'Run' })).toHaveFocus();
});

test('an error is reachable from focus: the drop zone is invalid and described, Remove is described by the reason', async () => {
  const { dropzone, said } = renderField();
  drop(dropzone, new File(['just text'], 'notes.txt', { type: 'text/plain' }));
  await waitForState('notes.txt', 'error');
  const reason = rowOf('notes.txt').querySelector('.mu-file-error')!.textContent!;
  expect(reason).toMatch(/only image, video or audio files are accepted/);
  expect(screen.getByRole('button', { name: LABEL, description: `${reason} ${HINT}` })).toHaveAttribute('aria-invalid', 'true');
  const remove = screen.getByRole('button', { name: 'Remove notes.txt', description: reason });
  expect(screen.getByRole('listitem', { name: 'notes.txt Failed', description: reason })).toBe(rowOf('notes.txt'));
  // Said once, in one sentence that names the file once.
  await waitToHear(said, /accepted/);
  expect(said()).toEqual([reason]);

  await userEvent.click(remove);
  expect(dropzone).toHaveFocus();
  expect(dropzone).not.toHaveAttribute('aria-invalid');
  await waitToHear(said, /notes\.txt removed/);
  expect(said()).toEqual([reason, 'notes.txt removed']);
});

test('a fast upload: start and done, said in order, neither replaced before it is read', async () => {
  const { dropzone, said } = renderField();
  drop(dropzone, png('fast.png', 1024));
  await waitForState('fast.png', 'done');
  await waitToHear(said, /fast\.png uploaded/);
  // Done within the settle delay, the two are one message; on a slow day, two: never one lost.
  expect(sentences(said())).toEqual(['Uploading fast.png', 'fast.png uploaded']);
});

test('a slow upload: start, the quarter milestones in order, done; then the region is cleared', async () => {
  const { dropzone, region, said } = renderField();
  drop(dropzone, png('slow.png', 12 * MB));
  await waitForState('slow.png', 'done');
  await waitToHear(said, /slow\.png uploaded/);
  const heard = sentences(said());
  expect(heard[0]).toBe('Uploading slow.png');
  expect(heard.at(-1)).toBe('slow.png uploaded');
  const milestones = heard.slice(1, -1);
  // A milestone outdated by a newer one while waiting is not said; those said are quarters, rising.
  expect(milestones.length).toBeGreaterThan(0);
  expect(milestones.every((line) => /^slow\.png (25|50|75)% uploaded$/.test(line))).toBe(true);
  expect(milestones).toEqual([...new Set(milestones)].sort());
  await waitFor(() => expect(region.textContent).toBe(''), { timeout: 10_000 });
});

// How many timed milestones a 24 MB upload gets depends on the machine's speed: only their order is checked here.
test('a long upload with announceProgressEvery: every milestone heard comes in order', async () => {
  const { dropzone, said } = renderField({ labels: { announceProgressEvery: 1 } });
  drop(dropzone, png('long.png', 24 * MB));
  await waitForState('long.png', 'done');
  await waitToHear(said, /long\.png uploaded/);
  const percents = sentences(said()).flatMap((line) => /(\d+)% uploaded$/.exec(line)?.[1] ?? []).map(Number);
  expect(percents.length).toBeGreaterThan(0);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
});

test('a long preparation is said once, as it starts ("Optimizing x"); the upload is said as before', async () => {
  // A resize or the app's own transform (a HEIC conversion, a crop) can take seconds: nothing was heard until
  // "Uploading x". A short one is outdated by "Uploading x" before it is said, as a milestone is.
  let finish!: () => void;
  const held = new Promise<void>((resolve) => (finish = resolve));
  const { dropzone, said } = renderField({ prepare: { transform: async (file) => (await held, file) } });
  drop(dropzone, png('big.png', 1024));
  await waitToHear(said, /Optimizing big\.png/);
  expect(rowOf('big.png')).toHaveAttribute('data-state', 'preparing');
  finish();
  await waitForState('big.png', 'done');
  await waitToHear(said, /big\.png uploaded/);
  expect(sentences(said())).toEqual(['Optimizing big.png', 'Uploading big.png', 'big.png uploaded']);
});

test('a quick preparation followed by a slow presign is not said: the file is no longer being optimized', async () => {
  // The transform ends at once, the presign endpoint answers after the settle delay: "Optimizing" was said meanwhile,
  // while the file was presigning.
  let answer!: () => void;
  const slow = new Promise<void>((resolve) => (answer = resolve));
  const presign = presignVia('native');
  const { dropzone, said } = renderField({
    prepare: { transform: async (file) => file },
    presign: async (request, context) => (await slow, presign(request, context)),
  });
  drop(dropzone, png('quick.png', 1024));
  await waitForState('quick.png', 'presigning');
  // Past the settle delay (0.6 s) and the hold: a message still pending would be written by now.
  await new Promise((done) => setTimeout(done, 2000));
  expect(said()).toEqual([]);
  answer();
  await waitForState('quick.png', 'done');
  await waitToHear(said, /quick\.png uploaded/);
  expect(sentences(said())).toEqual(['Uploading quick.png', 'quick.png uploaded']);
});

test('a storage error: start, then the reason once', async () => {
  const { dropzone, said } = renderField({ presign: presignVia('native', '&tamper=1'), retry: false });
  drop(dropzone, png('holiday.png', 1024));
  await waitForState('holiday.png', 'error');
  const reason = rowOf('holiday.png').querySelector('.mu-file-error')!.textContent!;
  await waitToHear(said, /did not match/);
  const heard = sentences(said());
  expect(heard[0]).toBe('Uploading holiday.png');
  expect(heard.slice(1).join('. ')).toBe(reason.includes('holiday.png') ? reason : `holiday.png failed: ${reason}`);
});

test('cancel: start, canceled; focus goes to Retry. A finished upload under a focused Cancel gives focus to the row', async () => {
  const { dropzone, said } = renderField({ multiple: true });
  drop(dropzone, png('stop.png', 12 * MB));
  await waitForState('stop.png', 'uploading');
  await userEvent.click(within(rowOf('stop.png')).getByRole('button', { name: 'Cancel stop.png' }));
  await waitForState('stop.png', 'canceled');
  expect(within(rowOf('stop.png')).getByRole('button', { name: 'Retry stop.png' })).toHaveFocus();
  await waitToHear(said, /stop\.png canceled/);
  expect(sentences(said()).filter((line) => !/%/.test(line))).toEqual(['Uploading stop.png', 'stop.png canceled']);

  drop(dropzone, png('keep.png', 6 * MB));
  await waitForState('keep.png', 'uploading');
  within(rowOf('keep.png')).getByRole('button', { name: 'Cancel keep.png' }).focus();
  await waitForState('keep.png', 'done');
  await waitFor(() => expect(rowOf('keep.png')).toHaveFocus());
  expect(screen.getByRole('listitem', { name: 'keep.png Uploaded' })).toBe(rowOf('keep.png'));
  // The late Enter meant for Cancel lands on the row: nothing is removed.
  await userEvent.keyboard('{Enter}');
  expect(rowOf('keep.png')).toHaveAttribute('data-state', 'done');
});

test('remove: said, and focus goes back to the drop zone', async () => {
  const { dropzone, said } = renderField();
  drop(dropzone, png('gone.png', 1024));
  await waitForState('gone.png', 'done');
  await waitToHear(said, /gone\.png uploaded/);
  await userEvent.click(within(rowOf('gone.png')).getByRole('button', { name: 'Remove gone.png' }));
  expect(dropzone).toHaveFocus();
  await waitToHear(said, /gone\.png removed/);
  expect(sentences(said())).toEqual(['Uploading gone.png', 'gone.png uploaded', 'gone.png removed']);
});

test('a row that goes away by itself with focus in it gives focus to the drop zone, not <body>', async () => {
  // An edit form: the earlier image's row goes once the new one is uploaded, while a keyboard user is on its Remove.
  const { dropzone } = renderField({ defaultValue: 'https://cdn.example.com/earlier.png' });
  drop(dropzone, png('new.png', 12 * MB));
  await waitForState('new.png', 'uploading');
  await userEvent.keyboard('{Tab}');
  await userEvent.keyboard('{Tab}');
  expect(screen.getByRole('button', { name: 'Remove earlier.png' })).toHaveFocus();
  await waitForState('new.png', 'done');
  expect(screen.queryByRole('button', { name: 'Remove earlier.png' })).toBeNull();
  expect(dropzone).toHaveFocus();
});

test('removing a value the form already had is said, as removing an uploaded file is', async () => {
  // An edit form: the earlier image is listed with its Remove; a screen-reader user presses it and focus lands on the
  // drop zone, which reads its own name: without the sentence nothing confirms the image left the form.
  const { said } = renderField({ defaultValue: 'https://cdn.example.com/uploads/earlier.png' });
  await userEvent.click(screen.getByRole('button', { name: 'Remove earlier.png' }));
  expect(screen.queryByRole('button', { name: 'Remove earlier.png' })).toBeNull();
  await waitToHear(said, /earlier\.png removed/);
  expect(said()).toEqual(['earlier.png removed']);
});

test('an earlier value whose widget React hides with focus in its row is not said removed, then or when shown again', async () => {
  // A tab switched from the keyboard while Remove had focus: React detaches the hidden rows' refs, but the value stays.
  const ui = (mode: 'visible' | 'hidden') => (
    <Activity mode={mode}>
      <MediaUploader name="image" presign={presignVia('native')} defaultValue="https://cdn.example.com/uploads/earlier.png" />
    </Activity>
  );
  const { rerender } = render(ui('visible'));
  const region = screen.getByRole('status');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(region.textContent ?? ''));
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  onTestFinished(() => observer.disconnect());
  screen.getByRole('button', { name: 'Remove earlier.png' }).focus();
  rerender(ui('hidden'));
  rerender(ui('visible'));
  expect(screen.getByRole('button', { name: 'Remove earlier.png' })).toBeVisible();
  // Past the settle delay and the hold: anything queued would have been written by now.
  await new Promise((done) => setTimeout(done, 2000));
  expect(heard.filter(Boolean)).toEqual([]);
});

test('an earlier value the app drops leaves the rows after it in place: focus stays, nothing is said removed', async () => {
  // An edit form whose app takes the first image out of its controlled value (a reset, a server answer) while a
  // keyboard user is on the second image's Remove: that row was keyed by its place, remounted, and said removed.
  const first = 'https://cdn.example.com/uploads/first.png';
  const second = 'https://cdn.example.com/uploads/second.png';
  const ui = (value: string[]) => (
    <MediaUploader name="image" presign={presignVia('native')} multiple value={value} onChange={() => {}} />
  );
  const { rerender } = render(ui([first, second, second]));
  const region = screen.getByRole('status');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(region.textContent ?? ''));
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  onTestFinished(() => observer.disconnect());
  const [secondRemove, copyRemove] = screen.getAllByRole('button', { name: 'Remove second.png' });
  copyRemove!.focus();
  rerender(ui([second, second]));
  expect(screen.queryByRole('button', { name: 'Remove first.png' })).toBeNull();
  // The same elements: the second value and its copy kept their rows.
  const [secondAfter, copyAfter] = screen.getAllByRole('button', { name: 'Remove second.png' });
  expect(secondAfter).toBe(secondRemove);
  expect(copyAfter).toBe(copyRemove);
  expect(copyRemove).toHaveFocus();
  // Past the settle delay and the hold: anything queued would have been written by now.
  await new Promise((done) => setTimeout(done, 2000));
  expect(heard.filter(Boolean)).toEqual([]);
});

test('focus sent to the drop zone from the field (a blocked submit, a form library focusing it) says nothing', async () => {
  // The field's hidden control hands its focus (a FocusEvent) to the drop zone: it was read as a sentence to say.
  const { container, dropzone, heard } = renderField({ required: true });
  container.querySelector<HTMLElement>('.mu-validation')!.focus();
  await waitFor(() => expect(dropzone).toHaveFocus());
  await new Promise((done) => setTimeout(done, 2000));
  expect(heard).toEqual([]);
});

test('a <label for> names the drop zone, before its own words, and a click on it opens the picker as a file input’s does', async () => {
  // How form libraries and UI kits label a control: the label named nothing (a div is no labelable element), and a
  // click on it did nothing.
  const { container } = render(
    <form aria-label="Prediction">
      <label htmlFor="photo">Photo</label>
      <MediaUploader id="photo" name="image" presign={presignVia('native')} />
    </form>,
  );
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  const name = `Photo ${LABEL}`;
  // Playwright's reading of the page, testing-library's, and in Chromium the browser's own tree.
  expect(page.getByRole('button', { name, exact: true }).element()).toBe(dropzone);
  expect(screen.getByRole('button', { name, description: HINT })).toBe(dropzone);
  if (server.browser === 'chromium') expect(await chromiumButtonNames()).toContain(name);

  const pick = vi.spyOn(container.querySelector<HTMLInputElement>('input[type=file]')!, 'click').mockImplementation(() => {});
  await userEvent.click(screen.getByText('Photo'));
  expect(pick).toHaveBeenCalledTimes(1);
  expect(dropzone).toHaveFocus();
  // The drop zone's own click still opens it once.
  await userEvent.click(dropzone);
  expect(pick).toHaveBeenCalledTimes(2);
});

test('an app that calls form.checkValidity() shows no invalid message, as browsers show none; reportValidity and a submit do', async () => {
  // A submit button enabled by checkValidity() on every change made the widget say "Choose a file to upload." at once.
  const { dropzone, container } = renderField({ required: true });
  const form = dropzone.closest('form')!;
  const shown = () => container.querySelector('.mu-invalid')?.textContent ?? null;
  expect(form.checkValidity()).toBe(false);
  await new Promise((done) => setTimeout(done, 100));
  expect(shown()).toBeNull();
  expect(dropzone).not.toHaveAttribute('aria-invalid');
  expect(screen.getByRole('button', { name: LABEL, description: HINT })).toBe(dropzone);

  // reportValidity() focuses the field to show its message: the widget shows its own and focus is on the drop zone.
  form.reportValidity();
  await waitFor(() => expect(shown()).toBe('Choose a file to upload.'));
  expect(screen.getByRole('button', { name: LABEL, description: `Choose a file to upload. ${HINT}` })).toHaveFocus();

  // Again once valid and invalid again: Firefox focused the field once only, and the second report showed nothing.
  drop(dropzone, png('gone.png', 1024));
  await waitForState('gone.png', 'done');
  await waitFor(() => expect(shown()).toBeNull());
  await userEvent.click(within(rowOf('gone.png')).getByRole('button', { name: 'Remove gone.png' }));
  screen.getByRole('button', { name: 'Run' }).focus();
  form.reportValidity();
  await waitFor(() => expect(shown()).toBe('Choose a file to upload.'));
  expect(dropzone).toHaveFocus();

  // A reset starts over; a submit shows it again.
  form.reset();
  await waitFor(() => expect(shown()).toBeNull());
  form.checkValidity();
  await new Promise((done) => setTimeout(done, 100));
  expect(shown()).toBeNull();
  await userEvent.click(screen.getByRole('button', { name: 'Run' }));
  await waitFor(() => expect(shown()).toBe('Choose a file to upload.'));
  expect(dropzone).toHaveFocus();
});
