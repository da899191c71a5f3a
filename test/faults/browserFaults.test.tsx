// Single browser-side faults, each on its own, against the fault server: a hidden tab, going offline, a
// Retry-After, cookies and app headers kept away from storage, navigating away mid-upload, and a check that the
// run's oracle can fail.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, expect, inject, test } from 'vitest';
import { commands } from 'vitest/browser';
import { MediaUploader, type MediaUploaderProps } from '../../src/index';
import { makeFile, randomPool } from './media';
import type { FrameWidget } from './navigationFrame';
import type { FaultLog, FilePlan, PlannedFile } from './plan';
import { hideTab, installProbes, isHidden, showTab, type Probes } from './probes';
import { checkRound, newTally } from './tally';

const origin = inject('faultOrigin');
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
const pool = randomPool(99);
let probes: Probes;
let cleanup: () => void = () => {};
let cleanupCookie: () => void = () => {};

beforeEach(async () => {
  await fetch(`${origin}/reset`, { method: 'POST' });
  probes = installProbes();
});
afterEach(async () => {
  cleanup();
  cleanupCookie();
  probes.restore();
  await commands.setNetwork(true, origin);
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(read: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${read.toString().slice(0, 120)}`);
    await tick(25);
  }
}
const serverLog = async (): Promise<FaultLog> => (await fetch(`${origin}/log`)).json();
const plan = (files: Record<string, Partial<FilePlan>>, retryAfterSeconds = 1) =>
  fetch(`${origin}/plan`, {
    method: 'POST',
    body: JSON.stringify({ retryAfterSeconds, files: Object.fromEntries(Object.entries(files).map(([n, p]) => [n, { presign: [], put: [], ...p }])) }),
  });
const planned = (name: string, size = 300 * 1024, filePlan: Partial<FilePlan> = {}): PlannedFile => ({
  name,
  size,
  kind: 'png',
  plan: { presign: [], put: [], ...filePlan },
});

/** The real widget in a form, on a fresh root; returns the form's value and each row's state. */
async function mount(props: Partial<MediaUploaderProps> = {}) {
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  const timeouts = { stallTimeoutMs: 2500, presignTimeoutMs: 2500 };
  root.render(
    <StrictMode>
      <form>
        <MediaUploader name="media" multiple presign={`${origin}/presign`} retry={{ retries: 3, baseDelayMs: 10, maxDelayMs: 50 }} {...timeouts} {...props} />
      </form>
    </StrictMode>,
  );
  // Resolved by the very DOM insertion, not by polling: a drop can follow the first paint as closely as a user's.
  await new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => host.querySelector('[data-mu-dropzone]') && (observer.disconnect(), resolve()));
    observer.observe(host, { childList: true, subtree: true });
  });
  cleanup = () => {
    root.unmount();
    host.remove();
  };
  const form = host.querySelector('form')!;
  return {
    host,
    unmount: () => cleanup(),
    values: () => new FormData(form).getAll('media') as string[],
    state: (name: string) =>
      [...host.querySelectorAll('li.mu-file')].find((li) => li.querySelector('.mu-file-name')?.textContent === name)?.getAttribute('data-state'),
    drop(...files: File[]) {
      const dataTransfer = new DataTransfer();
      for (const file of files) dataTransfer.items.add(file);
      const zone = host.querySelector('[data-mu-dropzone]')!;
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    },
  };
}

test('under StrictMode, a file dropped as soon as the drop zone shows is listed and uploaded', async () => {
  // StrictMode destroys the first uploader and makes another: a drop in between must not be lost.
  const form = await mount();
  form.drop(makeFile(planned('early.png'), pool, 99));
  await until(() => form.state('early.png') === 'done');
  expect(form.values()).toHaveLength(1);
});

test('a hidden tab keeps uploading and retrying, and shows the right state when it comes back', async () => {
  await plan({ 'hidden.png': { put: ['put-reset', 'put-500'] } });
  const form = await mount();
  const file = makeFile(planned('hidden.png', 2 * 1024 * 1024), pool, 99);
  form.drop(file);
  await until(async () => (await serverLog()).requests.some((r) => r.file === 'hidden.png'));
  hideTab();
  // Both failed attempts are retried, and the file stored, while the tab stays hidden.
  const stored = await until(async () => Object.values((await serverLog()).objects).find((o) => o.file === 'hidden.png'));
  const puts = (await serverLog()).requests.filter((r) => r.kind === 'put');
  expect(isHidden()).toBe(true);
  expect(puts.map((r) => r.fault)).toEqual(['put-reset', 'put-500', null]);
  showTab();
  await until(() => form.state('hidden.png') === 'done');
  expect(form.values()).toEqual([`${origin}/public/${stored.key}`]);
  expect(probes.openXhrs.size).toBe(0);
});

test('a 429 with Retry-After is not asked again before other files finish their quick retries', async () => {
  // slow.png waits its Retry-After (2 s); quick.png fails three times with plain 500s, retried after ~10 ms each.
  await plan({ 'slow.png': { presign: ['presign-429'] }, 'quick.png': { presign: ['presign-500', 'presign-500', 'presign-500'] } }, 2);
  const form = await mount();
  form.drop(makeFile(planned('slow.png'), pool, 99), makeFile(planned('quick.png'), pool, 99));
  await until(() => form.state('quick.png') === 'done');
  const presigns = (name: string, log: FaultLog) => log.requests.filter((r) => r.kind === 'presign' && r.file === name);
  expect(presigns('quick.png', await serverLog())).toHaveLength(4);
  expect(presigns('slow.png', await serverLog())).toHaveLength(1);
  await until(() => form.state('slow.png') === 'done');
  const [first, second] = presigns('slow.png', await serverLog());
  // A lower bound only (never an upper one): the second ask came no sooner than the server said.
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(2000 - 50);
});

test('storage requests carry no cookies and no app headers, while the presign request has the app header', async () => {
  // Storage on the page's own site (localhost, another port): the page's cookies would go there if asked to.
  const sameSite = origin.replace('127.0.0.1', 'localhost');
  document.cookie = 'session=user-42-secret; path=/; SameSite=Lax';
  cleanupCookie = () => (document.cookie = 'session=; path=/; max-age=0');
  // Control: a request that does send credentials carries the cookie, so its absence below means something.
  // (Its answer is withheld by CORS, since the server allows any origin without credentials; it arrived all the same.)
  await fetch(`${sameSite}/presign`, { method: 'POST', credentials: 'include', body: JSON.stringify({ filename: 'control.png' }) }).catch(() => {});
  const form = await mount({ presign: `${sameSite}/presign`, presignHeaders: { 'x-app-token': 'app-secret-token' } });
  form.drop(makeFile(planned('private.png'), pool, 99));
  await until(() => form.state('private.png') === 'done');
  const { requests } = await serverLog();
  expect(requests.find((r) => r.file === 'control.png')?.headers.cookie).toBe('session=user-42-secret');
  const mine = requests.filter((r) => r.file === 'private.png');
  expect(mine.map((r) => r.kind)).toEqual(['presign', 'put']);
  expect(mine[0]!.headers['x-app-token']).toBe('app-secret-token');
  expect(mine[1]!.headers).toEqual({ origin: location.origin });
  expect(form.values()).toEqual([expect.stringMatching(new RegExp(`^${sameSite}/public/`))]);
});

test('the run\'s checks catch a value whose bytes storage never kept', async () => {
  const files = [planned('kept.png'), planned('dropped.png', 300 * 1024, { put: ['put-store-nothing'] })];
  await plan(Object.fromEntries(files.map((p) => [p.name, p.plan])));
  const form = await mount();
  const made = files.map((p) => makeFile(p, pool, 99));
  form.drop(...made);
  await until(() => form.state('kept.png') === 'done' && form.state('dropped.png') === 'done');
  const tally = newTally();
  const result = {
    files: made,
    statuses: new Map([['kept.png', 'done'], ['dropped.png', 'done']]),
    values: form.values(),
    valueSeenAt: new Map<string, number>(),
    canceled: null,
    unmounted: false,
    openXhrsAtEnd: 0,
    liveUrlsAfterUnmount: 0,
  };
  const events = { strict: true, offline: false, hidden: false, cancel: false, unmount: false, drops: 1, at: 0, lasting: 0 };
  await checkRound(tally, origin, files, events, result, await serverLog());
  expect(tally.lost).toBe(1);
  expect(tally.problems).toEqual([expect.stringMatching(/^dropped\.png is done but the form's value #2 .* names no stored object$/)]);
});

test('storage that answers 3 s after the last byte (stallTimeoutMs 2 s) stores the file once', async () => {
  await plan({ 'slow.wav': { put: ['put-slow-answer'] } });
  const form = await mount({ stallTimeoutMs: 2000 });
  form.drop(makeFile({ name: 'slow.wav', size: 1024 * 1024, kind: 'wav', plan: { presign: [], put: [] } }, randomPool(5), 5));
  await until(() => /done|error/.test(form.state('slow.wav') ?? ''));
  const log = await serverLog();
  expect(form.state('slow.wav')).toBe('done');
  expect(log.requests.filter((r) => r.kind === 'put')).toHaveLength(1);
  expect(Object.values(log.objects).map((o) => o.stores)).toEqual([1]);
});

test('offline pauses the queue, and coming back online resumes it without a user action', async () => {
  const form = await mount({ retry: false });
  await commands.setNetwork(false, origin);
  await until(() => !navigator.onLine);
  form.drop(makeFile(planned('a.png'), pool, 99), makeFile(planned('b.png'), pool, 99));
  await until(() => form.state('a.png') && form.state('b.png'));
  // With retries off, an attempt made while offline would end in error: give one a chance to (a bounded look, not a
  // duration this test depends on).
  await tick(1000);
  expect([form.state('a.png'), form.state('b.png')]).not.toContain('error');
  expect(probes.xhrCount).toBe(0);
  await commands.setNetwork(true, origin);
  await until(() => form.state('a.png') === 'done' && form.state('b.png') === 'done');
  expect(form.values()).toHaveLength(2);
});

test('storage that stops reading once every byte is handed over ends the attempt, and the retry stores the file once', async () => {
  // The server pauses after half of this small file and never answers; the rest fits in socket buffers, so the
  // browser sees its whole body sent and then hears nothing. Without a timer after the last byte the upload waited
  // for good (it hung the seeded run); the attempt must end and the retry store the file.
  await plan({ 'unread.png': { put: ['put-stall'] } });
  const form = await mount();
  form.drop(makeFile(planned('unread.png', 100 * 1024), pool, 99));
  // The case this test is about: every byte out while the first PUT, stalled on the server, is still unanswered.
  await until(async () => probes.bodiesSent === 1 && (await serverLog()).requests.filter((r) => r.kind === 'put').length === 1);
  await until(() => form.state('unread.png') === 'uploading'); // shown at the next paced notification
  await until(() => /done|error/.test(form.state('unread.png') ?? ''));
  const log = await serverLog();
  expect(form.state('unread.png')).toBe('done');
  expect(log.requests.filter((r) => r.kind === 'put').map((r) => r.fault)).toEqual(['put-stall', null]);
  expect(Object.values(log.objects).map((o) => [o.file, o.stores])).toEqual([['unread.png', 1]]);
  expect(form.values()).toEqual([`${origin}/public/${Object.keys(log.objects)[0]}`]);
  expect(probes.openXhrs.size).toBe(0);
});

test('navigating away mid-upload ends the PUT with nothing stored or sent after, and back on the page a new upload lands in the form', async () => {
  // The widget lives in an iframe (navigationFrame.html): its own document and its own copy of the library, so
  // navigating the frame ends that copy the way leaving a page does. 64 MB read at 4 MB/s: more than loopback's
  // socket buffers hold, so the body is still on its way when the frame leaves.
  const size = 64 * 1024 * 1024;
  await plan({ 'away.mp4': { put: ['put-throttle'] } });
  const iframe = document.body.appendChild(document.createElement('iframe'));
  cleanup = () => iframe.remove();
  const loaded = () => new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  const widget = (): FrameWidget | undefined => iframe.contentWindow?.frameWidget;
  const frameUrl = `/test/faults/navigationFrame.html?origin=${encodeURIComponent(origin)}`;
  iframe.src = frameUrl;
  const first = await until(widget);
  first.drop('away.mp4', size, 'mp4');
  const started = await until(async () => (await serverLog()).requests.find((r) => r.kind === 'put' && r.file === 'away.mp4' && r.received! > 0));
  // The row shows it at a paced notification (at most once a frame, later after a costly render): wait for it.
  await until(() => first.state('away.mp4') === 'uploading');

  // Everything the old page sends from here on comes after this mark in the server's log.
  await fetch(`${origin}/mark`, { method: 'POST', body: 'navigate-away' });
  const left = loaded();
  iframe.contentWindow!.location.assign('about:blank');
  await left;
  expect(iframe.contentWindow!.location.href).toBe('about:blank');
  // The PUT ends on the server's side: the connection closed before its body was whole, and no answer went out.
  const cut = await until(async () => (await serverLog()).requests.find((r) => r.seq === started.seq && r.body), 60_000);
  expect([cut.body, cut.status]).toEqual(['cut', 0]);
  expect(cut.received).toBeLessThan(size);

  // Back: the frame's history entry before about:blank, loaded afresh (a new document, a new page id).
  const back = loaded();
  iframe.contentWindow!.history.back();
  await back;
  const second = await until(() => (widget()?.pageId === first.pageId ? null : widget()));
  expect(iframe.contentWindow!.location.pathname + iframe.contentWindow!.location.search).toBe(frameUrl);
  second.drop('back.png', 300 * 1024, 'png');
  await until(() => /done|error/.test(second.state('back.png') ?? ''));
  expect(second.state('back.png')).toBe('done');

  const log = await serverLog();
  const mark = log.requests.find((r) => r.kind === 'mark')!;
  const keysOf = (page: string) => new Set(log.requests.filter((r) => r.kind === 'presign' && r.headers['x-app-token'] === page).map((r) => r.key));
  const fromPage = (page: string) => log.requests.filter((r) => r.headers['x-app-token'] === page || (r.kind !== 'presign' && keysOf(page).has(r.key)));
  const oldRequests = fromPage(first.pageId);
  // Nothing from the old page after it was sent away: no retried PUT, no new presign, no beacon. (Such a request
  // leaves as the page goes, so it reaches the server before the new page's upload, which the log was read after.)
  expect(oldRequests.filter((r) => r.seq > mark.seq)).toEqual([]);
  expect(oldRequests.map((r) => [r.kind, r.file])).toEqual([['presign', 'away.mp4'], ['put', 'away.mp4']]);
  const newRequests = fromPage(second.pageId);
  expect(newRequests.map((r) => [r.kind, r.file, r.status])).toEqual([['presign', 'back.png', 200], ['put', 'back.png', 200]]);
  // Stored: only the new page's file, once; nothing under the interrupted PUT's key.
  expect(Object.values(log.objects).map((o) => [o.file, o.stores])).toEqual([['back.png', 1]]);
  expect(log.objects[started.key!]).toBeUndefined();
  expect(second.values()).toEqual([`${origin}/public/${newRequests[1]!.key}`]);
});
