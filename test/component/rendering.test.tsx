import { act, render, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { MediaUploader, defaultLabels } from '../../src/index';
import { pngFile } from './fixtures';
import { shapeMock } from './mocks';
import { renderInForm } from './render';
import { done } from './rows';
import { server } from './server';

test('a change to one file re-renders only that file row', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  // labels.size runs once per row render: count it by the size each row shows.
  const size = vi.fn(defaultLabels.size);
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" multiple labels={{ size }} />);
  await userEvent.upload(input, pngFile('first.png', 2048));
  await done('first.png');
  const firstRenders = () => size.mock.calls.filter(([bytes]) => bytes === 2048).length;
  const before = firstRenders();

  await userEvent.upload(input, pngFile('second.png', 4096));
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

test('className and aria passthrough land on the root and the drop zone', () => {
  const { container } = render(
    <MediaUploader presign="/api/presign" className="dark" id="photo" aria-label="Photo" aria-describedby="help" />,
  );
  const root = container.firstElementChild!;
  expect(root).toHaveClass('mu', 'dark');
  expect(root).toHaveAttribute('data-state', 'idle');
  const dropzone = container.querySelector('#photo')!;
  expect(dropzone).toHaveAttribute('aria-label', 'Photo');
  expect(dropzone).toHaveAttribute('aria-describedby', 'help');
});
