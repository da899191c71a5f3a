import { render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';

/** Renders the uploader inside a plain <form>, the way an app uses it. */
export function renderInForm(ui: ReactElement) {
  const utils = render(<form aria-label="Prediction">{ui}</form>);
  const form = screen.getByRole('form', { name: 'Prediction' }) as HTMLFormElement;
  const input = utils.container.querySelector('input[type=file]') as HTMLInputElement;
  const dropzone = utils.container.querySelector('[data-mu-dropzone]') as HTMLElement;
  const values = (name = 'image') => new FormData(form).getAll(name);
  return { ...utils, form, input, dropzone, values };
}
