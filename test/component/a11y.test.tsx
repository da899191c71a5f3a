import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import axe from 'axe-core';
import { MediaUploader } from '../../src/index';
import { pngFile, textFile } from './fixtures';
import { gate, shapeMock } from './mocks';
import { renderInForm } from './render';
import { report } from './report';
import { done, rowOf, stateOf } from './rows';
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

  await report(form);
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

/** Every text the live region shows, in order, as a mutation observer sees it. */
function listen() {
  const status = screen.getByRole('status');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(status.textContent ?? ''));
  observer.observe(status, { childList: true, characterData: true, subtree: true });
  return { status, heard, said: () => heard.filter(Boolean), stop: () => observer.disconnect() };
}

test('the live region says each status once, an error in one sentence, and is cleared afterwards', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" maxSize={4096} multiple />);
  const live = listen();
  expect(live.status).toHaveAttribute('aria-live', 'polite');

  await userEvent.upload(input, [pngFile(), pngFile('huge.png', 8192)]);
  await done();
  await waitFor(() => expect(live.said().join('\n')).toMatch(/holiday\.png uploaded/), { timeout: 5000 });
  const all = live.said().join('\n');
  expect(all.match(/holiday\.png uploaded/g)).toHaveLength(1);
  // The core's sentence already names the file: said once, not "huge.png failed: huge.png is…".
  expect(all.match(/huge\.png/g)).toHaveLength(1);
  expect(all).toMatch(/huge\.png is 8 KB; the limit is 4 KB\./);
  await waitFor(() => expect(live.status).toHaveTextContent(''), { timeout: 8000 });
  expect(live.status.textContent).toBe('');
  live.stop();
}, 20_000);

test('an error describes the row, its buttons and the drop zone, which is marked invalid', async () => {
  server.use(http.post('*/api/presign', () => HttpResponse.json({ error: 'Storage is down' }, { status: 500 })));
  const { input, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" retry={false} />);
  expect(dropzone).toHaveAccessibleName('Drop files here, paste, or press to choose');
  expect(dropzone).toHaveAccessibleDescription('Image, video or audio files, up to 100 MB');
  expect(dropzone).not.toHaveAttribute('aria-invalid');

  await userEvent.upload(input, pngFile());
  await stateOf('holiday.png', 'error');
  const reason = rowOf('holiday.png').querySelector('.mu-file-error')!.textContent!;
  expect(reason).toMatch(/\w+/);
  expect(screen.getByRole('button', { name: 'Retry holiday.png' })).toHaveAccessibleDescription(reason);
  expect(screen.getByRole('button', { name: 'Remove holiday.png' })).toHaveAccessibleDescription(reason);
  expect(rowOf('holiday.png')).toHaveAccessibleName('holiday.png Failed');
  expect(dropzone).toHaveAttribute('aria-invalid', 'true');
  expect(dropzone).toHaveAccessibleDescription(`${reason} Image, video or audio files, up to 100 MB`);

  await userEvent.click(screen.getByRole('button', { name: 'Remove holiday.png' }));
  expect(dropzone).not.toHaveAttribute('aria-invalid');
  expect(dropzone).toHaveAccessibleDescription('Image, video or audio files, up to 100 MB');
});

test('a status reached again with the same words is announced again (Retry that fails the same way)', async () => {
  let calls = 0;
  server.use(http.post('*/api/presign', () => (calls++, HttpResponse.json({ error: 'Storage is down' }, { status: 500 }))));
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" retry={false} />);
  const live = listen();

  await userEvent.upload(input, pngFile());
  await stateOf('holiday.png', 'error');
  await waitFor(() => expect(live.said()).toHaveLength(1), { timeout: 5000 });
  await userEvent.click(screen.getByRole('button', { name: 'Retry holiday.png' }));
  await waitFor(() => expect(calls).toBe(2));
  await stateOf('holiday.png', 'error');
  await waitFor(() => expect(live.said()).toHaveLength(2), { timeout: 5000 });
  live.stop();

  const [first, second] = live.said();
  expect(first).toMatch(/holiday\.png.*500/);
  expect(first).not.toMatch(/holiday\.png.*holiday\.png/);
  expect(second!.trim()).toBe(first!.trim());
}, 20_000);

test('a drop of 60 files, 57 refused, is said in a few sentences and the rest counted; the drop zone describes three errors', async () => {
  server.use(...shapeMock('native').handlers);
  const { input, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" multiple maxFiles={3} />);
  const live = listen();
  await userEvent.upload(input, Array.from({ length: 60 }, (_, i) => pngFile(`p${i}.png`)));
  await stateOf('p59.png', 'error');
  await waitFor(() => expect(live.said().join('\n')).toMatch(/more files: see the file list/), { timeout: 5000 });
  // Each message names at most four files, or three and a count: not 57 sentences read out one after another.
  for (const message of live.said()) expect(new Set(message.match(/p\d+\.png/g) ?? []).size).toBeLessThanOrEqual(4);
  const described = dropzone.getAttribute('aria-describedby')!.split(' ').filter((id) => id.includes('error'));
  expect(described).toHaveLength(3);
  live.stop();
}, 20_000);

test('three quick uploads are all said, each to its end: the cap counts files, not sentences', async () => {
  server.use(...shapeMock('native').handlers);
  const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" multiple />);
  const live = listen();
  await userEvent.upload(input, [pngFile('a.png'), pngFile('b.png'), pngFile('c.png')]);
  await done('c.png');
  await waitFor(() => expect(live.said().join('\n')).toMatch(/c\.png uploaded/), { timeout: 5000 });
  const all = live.said().join('\n');
  for (const name of ['a.png', 'b.png', 'c.png']) expect(all).toContain(`${name} uploaded`);
  expect(all).not.toMatch(/more files?: see the file list/);
  live.stop();
}, 20_000);
