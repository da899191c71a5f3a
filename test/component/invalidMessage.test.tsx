// The field's invalid message under the drop zone: shown once a submit or the browser reported the field invalid (not
// when app code only checked it), and gone as the form starts over.
import { act, screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import userEvent from '@testing-library/user-event';
import { MediaUploader } from '../../src/index';
import { pngFile } from './fixtures';
import { gate, shapeMock } from './mocks';
import { renderInForm } from './render';
import { report } from './report';
import { stateOf } from './rows';
import { server } from './server';

test('a form reset takes the invalid message away, as it clears the browser’s own (no "Choose a file" before the next submit)', async () => {
  const held = gate();
  server.use(...shapeMock('native', { gate: held.promise }).handlers);
  const { form, input, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" required />);
  await userEvent.upload(input, pngFile());
  await stateOf('holiday.png', 'presigning');
  await report(form);
  expect(await screen.findByText('Wait for the uploads to finish.')).toBeVisible();

  act(() => form.reset());
  expect(screen.queryByText('holiday.png')).toBeNull();
  // Still required and now empty: the next submit says so, not the reset.
  expect(screen.queryByText('Choose a file to upload.')).toBeNull();
  expect(dropzone).not.toHaveAttribute('aria-invalid');
  await report(form);
  expect(await screen.findByText('Choose a file to upload.')).toBeVisible();
  held.release();
});

test("an app that checks the form's validity in an effect gets no React error (no flushSync from a lifecycle method)", async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  function Checker() {
    const [valid, setValid] = useState<boolean | null>(null);
    useEffect(() => setValid(document.querySelector('form')!.checkValidity()), []);
    return <output>{String(valid)}</output>;
  }
  renderInForm(
    <>
      <MediaUploader name="image" presign="/api/presign" required />
      <Checker />
    </>,
  );
  expect(await screen.findByText('false')).toBeInTheDocument();
  expect(errors.mock.calls.flat().join(' ')).not.toMatch(/flushSync/);
  errors.mockRestore();
});

test("an app's form.checkValidity() shows no invalid message (browsers show none); a report does", async () => {
  // A submit button enabled by checkValidity() on every change made the widget say "Choose a file to upload." at once.
  const { form, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" required />);
  act(() => void form.checkValidity());
  expect(form.checkValidity()).toBe(false);
  expect(screen.queryByText('Choose a file to upload.')).toBeNull();
  expect(dropzone).not.toHaveAttribute('aria-invalid');
  expect(dropzone).toHaveAccessibleDescription('Image, video or audio files, up to 100 MB');
  await report(form);
  expect(screen.getByText('Choose a file to upload.')).toBeVisible();
  expect(dropzone).toHaveAttribute('aria-invalid', 'true');
  expect(dropzone).toHaveFocus();
});

test('a browser without :user-invalid (Safari before 16.5) throws nothing on an invalid event, and a report still shows the message', async () => {
  // Such an engine throws a SyntaxError for the unknown pseudo-class, and matches nothing for it inside :is(), whose
  // selector list is forgiving.
  const matches = Element.prototype.matches;
  const spy = vi.spyOn(Element.prototype, 'matches').mockImplementation(function (this: Element, selector: string) {
    if (selector.startsWith(':is(') && selector.includes(':user-invalid')) return false;
    if (selector.includes(':user-invalid')) throw new DOMException(`'${selector}' is not a valid selector`, 'SyntaxError');
    return matches.call(this, selector);
  });
  const thrown: unknown[] = [];
  const onError = (event: ErrorEvent) => (thrown.push(event.error), event.preventDefault());
  window.addEventListener('error', onError);
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const { form, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" required />);
    act(() => void form.checkValidity());
    await report(form);
    expect(thrown).toEqual([]);
    expect(screen.getByText('Choose a file to upload.')).toBeVisible();
    expect(dropzone).toHaveAttribute('aria-invalid', 'true');
  } finally {
    window.removeEventListener('error', onError);
    errors.mockRestore();
    spy.mockRestore();
  }
});
