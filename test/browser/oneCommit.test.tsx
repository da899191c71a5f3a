// What a frame-based store promises React apps, checked where it matters (a real browser, no act() batching): the
// app's onChange state and the uploader's own change render in one commit, and a render the store flushes is one
// commit. (Commits per frame are a figure of `npm run bench`, not a test: frame timing depends on the machine's load.)
import '@testing-library/jest-dom/vitest';
import { cleanup, render, waitFor } from '@testing-library/react';
import { Profiler, StrictMode, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, onTestFinished, test } from 'vitest';
import { MediaUploader } from '../../src/index';
import { png, presignVia, realBrowserUpdates } from './fixtures';

realBrowserUpdates();
afterEach(cleanup);

function drop(target: HTMLElement, ...files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

test('the commit that first shows a row done already shows the value the app got from onChange', async () => {
  const commits: { row: string | null; shown: string }[] = [];
  let calls = 0;
  function Controlled() {
    const [value, setValue] = useState('');
    return (
      <Profiler
        id="field"
        onRender={() => commits.push({ row: document.querySelector('.mu-file')?.getAttribute('data-state') ?? null, shown: value })}
      >
        <MediaUploader
          name="image"
          presign={presignVia('native')}
          value={value}
          onChange={(next) => {
            calls++;
            setValue(next as string);
          }}
        />
      </Profiler>
    );
  }
  render(<Controlled />);
  drop(document.querySelector<HTMLElement>('[data-mu-dropzone]')!, png('holiday.png', 256 * 1024));
  await waitFor(() => expect(document.querySelector('.mu-file')).toHaveAttribute('data-state', 'done'), { timeout: 20_000 });
  await waitFor(() => expect(commits.at(-1)?.shown).toMatch(/^http/));
  expect(calls).toBe(1);
  const firstDone = commits.find((commit) => commit.row === 'done');
  expect(firstDone?.shown).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
});

const frame = () => new Promise(requestAnimationFrame);

test('a render the store flushes is one commit: the mounted widget left no update of its own waiting', async () => {
  // Each notification renders in flushSync. An update of the widget's own state left at the default priority (a
  // same-value setState in a mount effect) is skipped by that render, and React renders the widget again in a task
  // after it: two commits where the store asked for one.
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  let commits = 0;
  const tree = (hint: string) => (
    <Profiler id="field" onRender={() => commits++}>
      <MediaUploader name="image" presign={presignVia('native')} labels={{ hint: () => hint }} />
    </Profiler>
  );
  onTestFinished(() => {
    root.unmount();
    host.remove();
  });
  root.render(tree('first'));
  await waitFor(() => expect(host.querySelector('[data-mu-dropzone]')).not.toBeNull());
  for (let i = 0; i < 3; i++) await frame();
  commits = 0;
  flushSync(() => root.render(tree('second')));
  expect(host).toHaveTextContent('second');
  for (let i = 0; i < 3; i++) await frame();
  expect(commits).toBe(1);
});

test.each([false, true])('a drop on a widget whose mount effects have not run yet sends the first file before the rows render (StrictMode: %s)', async (strict) => {
  // A widget committed at default priority (rendered once data loaded) can take a drop before React ran its effects,
  // where it subscribes to the store. Files added then used to be rendered all at once by React's catch-up check,
  // ahead of the first request, instead of through the store's notification, held until that request is on its way.
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  onTestFinished(() => {
    root.unmount();
    host.remove();
  });
  const presign = presignVia('native');
  let rowsAtFirstPresign: number | null = null;
  const counted: typeof presign = (request, context) => {
    rowsAtFirstPresign ??= host.querySelectorAll('.mu-file').length;
    return presign(request, context);
  };
  let effectsRan = false;
  function Effects() {
    useEffect(() => {
      effectsRan = true;
    }, []);
    return null;
  }
  const files = Array.from({ length: 300 }, (_, i) => png(`photo-${i}.png`, 2048));
  // The drop happens in the task that commits the zone, before React's task that runs the effects.
  let effectsBeforeDrop: boolean | null = null;
  const dropped = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      const zone = host.querySelector<HTMLElement>('[data-mu-dropzone]');
      if (!zone) return;
      observer.disconnect();
      effectsBeforeDrop = effectsRan;
      drop(zone, ...files);
      resolve();
    });
    observer.observe(host, { childList: true, subtree: true });
  });
  const widget = (
    <>
      <Effects />
      <MediaUploader name="images" multiple presign={counted} />
    </>
  );
  root.render(strict ? <StrictMode>{widget}</StrictMode> : widget);
  await dropped;
  expect(effectsBeforeDrop).toBe(false); // the case this test is about
  await waitFor(() => expect(rowsAtFirstPresign).not.toBeNull(), { timeout: 10_000 });
  expect(rowsAtFirstPresign).toBe(0);
  await waitFor(() => expect(host.querySelectorAll('.mu-file')).toHaveLength(300), { timeout: 10_000 });
});
