import { act } from '@testing-library/react';

/**
 * `form.reportValidity()` as browsers run it. jsdom's is its checkValidity() (it fires `invalid` and nothing more);
 * Chromium, Firefox and WebKit then focus the first invalid control to show its message, and that focus is what
 * tells the widget its field was reported, not only checked.
 */
export async function report(form: HTMLFormElement): Promise<boolean> {
  let valid = true;
  await act(async () => {
    valid = form.reportValidity();
    form.querySelector<HTMLElement>(':invalid')?.focus();
  });
  return valid;
}
