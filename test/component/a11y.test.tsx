import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { MediaUploader } from '../../src/index';
import { pngFile, textFile } from './fixtures';
import { gate, shapeMock } from './mocks';
import { renderInForm } from './render';
import { done, stateOf } from './rows';
import { server } from './server';

async function violations(container: HTMLElement) {
  // jsdom has no layout or canvas: contrast is checked in the browser project, not here.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`);
}

test('axe finds no violations: empty, uploading, done, rejected and invalid', async () => {
  const held = gate();
  const mock = shapeMock('native', { gate: held.promise });
  server.use(...mock.handlers);
  const { container, input, form } = renderInForm(
    <MediaUploader name="image" presign="/api/presign" multiple required />,
  );
  expect(await violations(container)).toEqual([]);

  act(() => void form.reportValidity());
  await screen.findByText('Choose a file to upload.');
  expect(await violations(container)).toEqual([]);

  await userEvent.upload(input, [pngFile(), textFile()], { applyAccept: false });
  await stateOf('notes.txt', 'error');
  await stateOf('holiday.png', 'presigning');
  expect(await violations(container)).toEqual([]);

  held.release();
  await done();
  expect(await violations(container)).toEqual([]);
}, 30_000); // four axe runs in jsdom

test('the live region announces each status change once', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" maxSize={4096} multiple />);
  const status = screen.getByRole('status');
  expect(status).toHaveAttribute('aria-live', 'polite');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(status.textContent ?? ''));
  observer.observe(status, { childList: true, characterData: true, subtree: true });

  await userEvent.upload(input, [pngFile(), pngFile('huge.png', 8192)]);
  await done();
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();

  const all = heard.join('\n');
  expect(all.match(/holiday\.png uploaded/g)).toHaveLength(1);
  expect(all.match(/huge\.png failed: huge\.png is 8 KB; the limit is 4 KB\./g)).toHaveLength(1);
  expect(status).toHaveTextContent('holiday.png uploaded');
});
