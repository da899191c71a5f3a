// The widget in a plain form, as the browser submits it: what it adds to the form must not change the form's own keys.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { MediaUploader } from '../../src/index';
import { presignVia, realBrowserUpdates } from './fixtures';

realBrowserUpdates();
afterEach(cleanup);

// HTML's implicit submission: a form with no submit button is submitted by Enter only while it has a single text
// field. An input the widget added as a second one stopped the app's prompt from submitting on Enter.
test.each([false, true])('Enter in the only text field of a form with no submit button submits it (required: %s)', async (required) => {
  const onSubmit = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
  render(
    <form onSubmit={onSubmit}>
      <input aria-label="Prompt" name="prompt" />
      <MediaUploader name="image" presign={presignVia('native')} defaultValue="https://cdn.example.com/a.png" required={required} />
    </form>,
  );
  await userEvent.click(screen.getByRole('textbox', { name: 'Prompt' }));
  await userEvent.keyboard('a cat{Enter}');
  expect(onSubmit).toHaveBeenCalledTimes(1);
});

test('Enter there still meets the widget’s validity: required and empty, the form is not submitted and says why', async () => {
  const onSubmit = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
  const { container } = render(
    <form onSubmit={onSubmit}>
      <input aria-label="Prompt" name="prompt" />
      <MediaUploader name="image" presign={presignVia('native')} required />
    </form>,
  );
  await userEvent.click(screen.getByRole('textbox', { name: 'Prompt' }));
  await userEvent.keyboard('a cat{Enter}');
  expect(await screen.findByText('Choose a file to upload.')).toBeVisible();
  expect(container.querySelector('[data-mu-dropzone]')).toHaveFocus();
  expect(onSubmit).not.toHaveBeenCalled();
});
