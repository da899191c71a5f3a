import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
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

test('a status reached again with the same words is announced again (Retry that fails the same way)', async () => {
  let calls = 0;
  server.use(http.post('*/api/presign', () => (calls++, HttpResponse.json({ error: 'Storage is down' }, { status: 500 }))));
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" retry={false} />);
  const status = screen.getByRole('status');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(status.textContent ?? ''));
  observer.observe(status, { childList: true, characterData: true, subtree: true });

  await userEvent.upload(input, pngFile());
  await stateOf('holiday.png', 'error');
  await userEvent.click(screen.getByRole('button', { name: 'Retry holiday.png' }));
  await waitFor(() => expect(calls).toBe(2));
  await stateOf('holiday.png', 'error');
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();

  const failures = heard.filter((text, i) => /holiday\.png failed: .*500/.test(text) && text !== heard[i - 1]);
  expect(failures).toHaveLength(2);
});
