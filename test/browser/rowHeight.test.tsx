// A row keeps one height from the moment it shows to the end of its upload: an uploading row that grew when its speed
// line appeared (66 -> 91 px in WebKit, 70 -> 90 in Chromium on a 414 px page) moved Cancel and the form's submit
// button under a tap meant for them.
import '@testing-library/jest-dom/vitest';
import { render, screen } from '@testing-library/react';
import { expect, onTestFinished, test } from 'vitest';
import { MediaUploader } from '../../src/index';
import '../../src/react/styles.css';
import { drop, freshStorageEachTest, png, presignVia, realBrowserUpdates, waitForState } from './fixtures';

freshStorageEachTest();
realBrowserUpdates();

const MB = 1024 * 1024;

/** Each row's heights as the browser laid them out for painting (ResizeObserver), with the states it had then. */
function recordRowHeights() {
  const seen = new Map<Element, { heights: Set<number>; states: Set<string> }>();
  const resized = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const row = entry.target as HTMLElement;
      const record = seen.get(row)!;
      record.heights.add(Math.round(entry.borderBoxSize[0]!.blockSize));
      record.states.add(`${row.dataset.state}${/\/s/.test(row.querySelector('.mu-file-meta')?.textContent ?? '') ? ' with speed' : ''}`);
    }
  });
  const added = new MutationObserver(() => {
    for (const row of document.querySelectorAll('.mu-file')) {
      if (seen.has(row)) continue;
      seen.set(row, { heights: new Set(), states: new Set() });
      resized.observe(row);
    }
  });
  added.observe(document.body, { childList: true, subtree: true });
  // A state change alone (same size) is no resize: record the state at each change of the row's attributes too.
  const states = new MutationObserver((records) => {
    for (const { target } of records) {
      const row = (target as Element).closest?.('.mu-file');
      const record = row && seen.get(row);
      if (record) record.states.add(`${(row as HTMLElement).dataset.state}${/\/s/.test(row.querySelector('.mu-file-meta')?.textContent ?? '') ? ' with speed' : ''}`);
    }
  });
  states.observe(document.body, { subtree: true, attributes: true, characterData: true, childList: true });
  onTestFinished(() => (resized.disconnect(), added.disconnect(), states.disconnect()));
  return (name: string) => {
    const row = [...seen.keys()].find((element) => element.querySelector('.mu-file-name')?.textContent === name)!;
    return { heights: [...seen.get(row)!.heights], states: [...seen.get(row)!.states] };
  };
}

test.each([
  ['a short name', 'cat.png'],
  ['a name that wraps', 'a-photo-from-the-phone-camera-roll.png'],
])('a row keeps its height from queued through uploading (its speed line shown) to done, on a 414 px page: %s', async (_, name) => {
  render(
    <form aria-label="Prediction" style={{ width: '414px', boxSizing: 'border-box', padding: '0 16px' }}>
      <MediaUploader name="image" presign={presignVia('native')} />
      <button type="submit">Generate</button>
    </form>,
  );
  const rowOf = recordRowHeights();
  drop(screen.getByRole('button', { name: /Drop files here/ }), png(name, 12 * MB));
  await waitForState(name, 'done', 30_000);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const { heights, states } = rowOf(name);
  // The row went through the states this checks (else it checked nothing): its speed line was shown.
  expect(states).toEqual(expect.arrayContaining(['uploading with speed', 'done']));
  expect({ heights, states }).toEqual({ heights: [heights[0]], states });
});
