// The row's visible status while uploading carries the percentage; the live region says only quarter milestones.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MediaUploader, type PresignFunction } from '../../src/index';
import { pngFile } from './fixtures';
import { renderInForm } from './render';
import { rowOf } from './rows';

/** An XMLHttpRequest stand-in whose upload progress the test drives by hand (jsdom's XHR never reports any). */
class ManualXhr extends EventTarget {
  static last: ManualXhr | null = null;
  readonly upload = new EventTarget();
  readyState = 0;
  status = 0;
  responseText = '';
  withCredentials = false;
  total = 0;
  constructor() {
    super();
    ManualXhr.last = this;
  }
  open() {
    this.readyState = 1;
  }
  setRequestHeader() {}
  getResponseHeader() {
    return null;
  }
  getAllResponseHeaders() {
    return '';
  }
  send(body: Blob) {
    this.total = body.size;
  }
  abort() {}
  progress(fraction: number) {
    const loaded = Math.round(this.total * fraction);
    this.upload.dispatchEvent(new ProgressEvent('progress', { lengthComputable: true, loaded, total: this.total }));
  }
}

const presign: PresignFunction = async () => ({
  uploadUrl: 'https://storage.example.com/bucket/holiday.png',
  method: 'PUT',
  publicUrl: 'https://cdn.example.com/holiday.png',
});

async function uploadTo(fraction: number) {
  await waitFor(() => expect(ManualXhr.last?.total).toBeGreaterThan(0));
  act(() => ManualXhr.last!.progress(fraction));
  // Progress is coalesced to one update per animation frame: wait until the row's bar shows it.
  await waitFor(() => expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(Math.round(fraction * 100))));
}

afterEach(() => {
  ManualXhr.last = null;
});

// The XHR seam is internal (UploaderInternals), not a public prop: passed through untyped, as Storybook does.
const manualXhr = { createXhr: () => new ManualXhr() as unknown as XMLHttpRequest } as object;

test('an uploading row shows its percentage in its status text; the live region says only the quarter milestones', async () => {
  const { input } = renderInForm(
    <MediaUploader name="image" presign={presign} {...manualXhr} stallTimeoutMs={0} />,
  );
  const status = screen.getByRole('status');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(status.textContent ?? ''));
  observer.observe(status, { childList: true, characterData: true, subtree: true });

  await userEvent.upload(input, pngFile('holiday.png', 10_000));
  await uploadTo(0.42);
  expect(within(rowOf('holiday.png')).getByText('Uploading 42%')).toBeVisible();
  await uploadTo(0.7);
  expect(within(rowOf('holiday.png')).getByText('Uploading 70%')).toBeVisible();
  await waitFor(() => expect(heard.join(' ')).toMatch(/holiday\.png 50% uploaded/), { timeout: 5000 });
  observer.disconnect();

  const said = heard.filter((text) => text !== '').join(' ');
  expect(said).toMatch(/^Uploading holiday\.png/);
  // Quarters only, each once at most: never the row's 42 or 70.
  expect(said.match(/\d+%/g)?.every((percent) => ['25%', '50%'].includes(percent))).toBe(true);
  expect(said.match(/50%/g)).toHaveLength(1);
});

test('the uploading status text is overridable through labels, and follows a translated status word', async () => {
  const { input, unmount } = renderInForm(
    <MediaUploader
      name="image"
      presign={presign}
      {...manualXhr}
      stallTimeoutMs={0}
      labels={{ status: { queued: 'Wartet', presigning: 'Vorbereitung', uploading: 'Lädt hoch', done: 'Fertig', error: 'Fehler', canceled: 'Abgebrochen' } }}
    />,
  );
  await userEvent.upload(input, pngFile('holiday.png', 10_000));
  await uploadTo(0.25);
  expect(within(rowOf('holiday.png')).getByText('Lädt hoch 25%')).toBeVisible();
  unmount();

  const custom = renderInForm(
    <MediaUploader
      name="image"
      presign={presign}
      {...manualXhr}
      stallTimeoutMs={0}
      labels={{ uploadingStatus: ({ percent }) => `${percent} % hochgeladen` }}
    />,
  );
  await userEvent.upload(custom.input, pngFile('holiday.png', 10_000));
  await uploadTo(0.5);
  expect(within(rowOf('holiday.png')).getByText('50 % hochgeladen')).toBeVisible();
});
