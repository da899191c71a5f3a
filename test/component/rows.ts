import { screen, waitFor } from '@testing-library/react';

/** The <li> of a file, found by its visible name. */
export function rowOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: '.mu-file-name' }).closest('li')!;
}

/** Waits until the file's row reaches a state. */
export function stateOf(name: string, state: string, timeout = 5000) {
  return waitFor(() => expect(rowOf(name)).toHaveAttribute('data-state', state), { timeout });
}

export const done = (name = 'holiday.png') => stateOf(name, 'done');
