// react-hook-form + zod with `noValidate` in real Chromium, against the loopback storage (globalSetup.ts), whose
// slow drain keeps a multi-megabyte PUT running for seconds: "during an upload" is the row's `uploading` state
// and the root's data-pending, checked again after the submit, never a guess at how long the upload takes.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { Controller, useForm } from 'react-hook-form';
import { afterEach, expect, inject, test, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { PredictionForm, type PredictionFormProps } from '../../examples/react-hook-form/PredictionForm';
import { MediaUploader } from '../../src/index';
import { png, realBrowserUpdates } from './fixtures';

const origin = inject('storageOrigin');
// The example's own presign route shape: a URL the library POSTs to (here the storage server's presigner).
const presign = `${origin}/presign`;
const MB = 1024 * 1024;
realBrowserUpdates();
afterEach(() => cleanup());

interface Stats {
  stored: Record<string, number>;
  sha256: Record<string, string>;
}
const stats = async (): Promise<Stats> => (await fetch(`${origin}/stats`)).json();

/** A decodable PNG followed by random bytes, so a byte-for-byte comparison means something. */
function randomPng(name: string, size: number): File {
  const noise = new Uint8Array(size);
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(noise.subarray(at, at + 65_536));
  return new File([png(name, 1), noise], name, { type: 'image/png' });
}

async function sha256(file: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A native drop, as the OS would deliver it. */
function drop(target: HTMLElement, file: File) {
  const dataTransfer = new DataTransfer();
  dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

const rowOf = (name: string) => screen.getByText(name, { selector: '.mu-file-name' }).closest('li')!;
const waitForState = (name: string, state: string) =>
  waitFor(() => expect(rowOf(name)).toHaveAttribute('data-state', state), { timeout: 45_000 });

/**
 * Resolves once the element's box is the one painted and has held for a frame, as a user sees it before a tap. Rows
 * just committed are laid out at their `contain-intrinsic-size` (content-visibility: auto) until the next rendering
 * update sizes them: a replacement's two new rows are 86 px each there, then 66 and 91 px as painted (WebKitGTK), and
 * Generate moves up 15 px. Playwright waits for a stable box before it clicks; WebDriver takes the centre at once, so
 * in WebKit one click in four landed on <body>, under the button, and nothing was submitted (measured: 3 of 10 runs).
 */
async function painted(element: Element) {
  let box = '';
  for (let frames = 0; frames < 60; frames++) {
    // After a rendering update's paint, not inside its animation frame callbacks (they run before rows are sized).
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const now = JSON.stringify(element.getBoundingClientRect());
    if (now === box) return;
    box = now;
  }
  throw new Error('the element kept moving for 60 frames');
}

function renderPredictionForm(onSubmit: PredictionFormProps['onSubmit']) {
  const { container } = render(<PredictionForm presign={presign} onSubmit={onSubmit} />);
  // Submit events the form got, counted before the uploader's own capture listener on the form can stop them.
  let submits = 0;
  container.addEventListener('submit', () => submits++, true);
  const root = container.querySelector<HTMLElement>('.mu')!;
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  // What a screen reader reads as focus arrives: a description that changes afterwards is not read again.
  const describedAtFocus: string[] = [];
  dropzone.addEventListener('focus', () => {
    const ids = dropzone.getAttribute('aria-describedby')?.split(' ') ?? [];
    describedAtFocus.push(ids.map((id) => document.getElementById(id)?.textContent).join(' '));
  });
  return {
    root,
    dropzone,
    describedAtFocus,
    prompt: screen.getByRole('textbox', { name: 'Prompt' }),
    /** A click on Generate where the user sees it, which submits the form (a click that missed fails here). */
    generate: async () => {
      const button = screen.getByRole('button', { name: 'Generate' });
      const before = submits;
      await painted(button);
      await userEvent.click(button);
      await waitFor(() => expect(submits, 'the click on Generate submitted the form').toBeGreaterThan(before));
    },
    /** Our sentence, shown under the drop zone after a blocked submit. */
    invalid: () => root.querySelector('.mu-invalid'),
  };
}

/** What a blocked submit must look like: our words, on the drop zone, focused; nothing of RHF's. */
async function expectBlocked(form: ReturnType<typeof renderPredictionForm>, message: string) {
  await waitFor(() => expect(form.invalid()).toHaveTextContent(message));
  expect(form.invalid()).toBeVisible();
  expect(form.dropzone).toHaveFocus();
  expect(form.dropzone).toHaveAttribute('aria-invalid', 'true');
  expect(form.dropzone).toHaveAccessibleDescription(expect.stringContaining(message));
  expect(form.describedAtFocus.at(-1)).toContain(message);
  // handleSubmit never ran: no resolver error of any field was rendered.
  expect(screen.queryByRole('alert')).toBeNull();
}

test('a submit during a first upload never reaches handleSubmit: our message, focus on the drop zone', { timeout: 60_000 }, async () => {
  const onSubmit = vi.fn();
  const form = renderPredictionForm(onSubmit);
  await userEvent.fill(form.prompt, 'The same cat, on the moon');
  drop(form.dropzone, png('cat.png', 16 * MB));
  await waitForState('cat.png', 'uploading');
  expect(form.root).toHaveAttribute('data-pending');

  await form.generate();
  // Still uploading after the submit was handled: the submit happened during the upload.
  expect(form.root).toHaveAttribute('data-pending');
  expect(rowOf('cat.png')).toHaveAttribute('data-state', 'uploading');
  await expectBlocked(form, 'Wait for the uploads to finish.');
  expect(onSubmit).not.toHaveBeenCalled();
});

test('a submit during a replacement upload never sends the old URL; once done it sends the new one', { timeout: 90_000 }, async () => {
  const onSubmit = vi.fn();
  const form = renderPredictionForm(onSubmit);
  await userEvent.fill(form.prompt, 'A lighthouse at dusk');
  drop(form.dropzone, png('first.png', 64 * 1024));
  await waitForState('first.png', 'done');
  drop(form.dropzone, png('second.png', 16 * MB));
  await waitForState('second.png', 'uploading');

  await form.generate();
  expect(form.root).toHaveAttribute('data-pending');
  await expectBlocked(form, 'Wait for the uploads to finish.');
  expect(onSubmit).not.toHaveBeenCalled();

  await waitForState('second.png', 'done');
  expect(form.root).not.toHaveAttribute('data-pending');
  await form.generate();
  await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  const [values] = onSubmit.mock.calls[0]!;
  expect(values).toEqual({ prompt: 'A lighthouse at dusk', image: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/public\/[\w-]+-second\.png$/) });
  expect(form.invalid()).toBeNull();
});

test('once done, the submit handler gets the stored file’s public URL, and storage holds the file’s bytes', { timeout: 60_000 }, async () => {
  const onSubmit = vi.fn();
  const form = renderPredictionForm(onSubmit);
  const file = randomPng('moon.png', 3 * MB);
  await userEvent.fill(form.prompt, 'Moonrise over the sea');
  drop(form.dropzone, file);
  await waitForState('moon.png', 'done');
  await form.generate();

  await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  const [{ prompt, image }] = onSubmit.mock.calls[0]!;
  expect(prompt).toBe('Moonrise over the sea');
  expect(typeof image).toBe('string');
  const key = new URL(image).pathname.replace(/^\/public\//, '');
  expect(image).toBe(`${origin}/public/${key}`);
  const { stored, sha256: digests } = await stats();
  expect(stored[key]).toBe(file.size);
  expect(digests[key]).toBe(await sha256(file));
});

test('required and empty with noValidate: our message, focus on the drop zone, no submit', async () => {
  const onSubmit = vi.fn();
  const form = renderPredictionForm(onSubmit);
  await userEvent.fill(form.prompt, 'Anything');
  await form.generate();
  await expectBlocked(form, 'Choose a file to upload.');
  expect(form.root).not.toHaveAttribute('data-pending');
  expect(onSubmit).not.toHaveBeenCalled();
});

test('RHF’s own errors still work: a missing prompt focuses the prompt, a refused image focuses the drop zone via ref', { timeout: 60_000 }, async () => {
  const onSubmit = vi.fn(async () => ({ image: 'The model cannot read this image.' }));
  const form = renderPredictionForm(onSubmit);
  drop(form.dropzone, png('sky.png', 64 * 1024));
  await waitForState('sky.png', 'done');

  await form.generate();
  await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Describe what the model should make.'));
  expect(form.prompt).toHaveFocus();
  expect(form.prompt).toHaveAttribute('aria-invalid', 'true');
  expect(form.invalid()).toBeNull();
  expect(onSubmit).not.toHaveBeenCalled();

  await userEvent.fill(form.prompt, 'Clouds shaped like whales');
  await form.generate();
  await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The model cannot read this image.'));
  expect(onSubmit).toHaveBeenCalledTimes(1);
  // setError(…, { shouldFocus: true }) calls the Controller field's ref.focus(): MediaUploader's drop zone.
  expect(form.dropzone).toHaveFocus();
  expect(form.dropzone).toHaveAccessibleDescription(expect.stringContaining('The model cannot read this image.'));
});

/** A bare Controller field that shows RHF's view of it: touched, and every value onChange handed over. */
function FieldProbe({ changes }: { changes: unknown[] }) {
  const { control, setFocus } = useForm({ defaultValues: { image: '' } });
  return (
    <form noValidate>
      <Controller
        name="image"
        control={control}
        render={({ field, fieldState }) => (
          <>
            <MediaUploader {...field} onChange={(value) => (changes.push(value), field.onChange(value))} presign={presign} accept="image/*" />
            <output aria-label="touched">{fieldState.isTouched ? 'touched' : 'untouched'}</output>
            <output aria-label="value">{JSON.stringify(field.value)}</output>
          </>
        )}
      />
      <button type="button" onClick={() => setFocus('image')}>
        Focus the image
      </button>
      <input aria-label="Caption" />
    </form>
  );
}

test('setFocus focuses the drop zone; onBlur marks the field touched only when focus leaves the uploader', { timeout: 60_000 }, async () => {
  const changes: unknown[] = [];
  const { container } = render(<FieldProbe changes={changes} />);
  const root = container.querySelector<HTMLElement>('.mu')!;
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  const touched = screen.getByRole('status', { name: 'touched' });

  await userEvent.click(screen.getByRole('button', { name: 'Focus the image' }));
  expect(dropzone).toHaveFocus();
  expect(touched).toHaveTextContent('untouched');

  drop(dropzone, png('leaf.png', 64 * 1024));
  await waitForState('leaf.png', 'done');
  // Focus moving inside the uploader (drop zone → the row's Remove button) is no blur of the field.
  await userEvent.keyboard('{Tab}');
  expect(root).toContainElement(document.activeElement as HTMLElement);
  expect(document.activeElement).not.toBe(dropzone);
  expect(touched).toHaveTextContent('untouched');

  await userEvent.click(screen.getByRole('textbox', { name: 'Caption' }));
  await waitFor(() => expect(touched).toHaveTextContent(/^touched$/));

  await userEvent.click(within(rowOf('leaf.png')).getByRole('button', { name: /Remove/ }));
  await waitFor(() => expect(screen.getByRole('status', { name: 'value' })).toHaveTextContent('""'));
  // One string per change, none on mount: the URL once stored, '' once removed.
  expect(changes).toEqual([expect.stringMatching(/\/public\/[\w-]+-leaf\.png$/), '']);
});

/** A Controller field with react-hook-form's own reset(). */
function ResetProbe({ changes }: { changes: unknown[] }) {
  const { control, reset } = useForm({ defaultValues: { image: '' } });
  return (
    <form noValidate>
      <Controller
        name="image"
        control={control}
        render={({ field }) => (
          <>
            <MediaUploader {...field} onChange={(value) => (changes.push(value), field.onChange(value))} presign={presign} accept="image/*" />
            <output aria-label="value">{JSON.stringify(field.value)}</output>
          </>
        )}
      />
      <button type="button" onClick={() => reset()}>
        Reset
      </button>
    </form>
  );
}

test('reset() empties the field for good: the done row goes, and the next upload proposes only its own URL', { timeout: 60_000 }, async () => {
  const changes: unknown[] = [];
  const { container } = render(<ResetProbe changes={changes} />);
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  const value = screen.getByRole('status', { name: 'value' });

  drop(dropzone, png('first.png', 64 * 1024));
  await waitForState('first.png', 'done');
  await waitFor(() => expect(value).toHaveTextContent(/first\.png"$/));

  await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
  await waitFor(() => expect(value).toHaveTextContent('""'));
  expect(screen.queryByText('first.png')).toBeNull();
  expect(new FormData(container.querySelector('form')!).getAll('image')).toEqual([]);

  drop(dropzone, png('second.png', 64 * 1024));
  await waitForState('second.png', 'done');
  await waitFor(() => expect(value).toHaveTextContent(/second\.png"$/));
  // One string per change: the first URL, then the second; the reset itself is the app's, not a change to echo.
  expect(changes).toEqual([expect.stringMatching(/\/public\/[\w-]+-first\.png$/), expect.stringMatching(/\/public\/[\w-]+-second\.png$/)]);
});
