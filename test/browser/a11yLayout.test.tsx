// WCAG 2.2 layout checks in a real layout engine, with the shipped stylesheet: reflow at 320 CSS px (1.4.10), text
// spacing (1.4.12), resized text (1.4.4) and target size (2.5.8). Each measures what a user sees, not the CSS.
import '@testing-library/jest-dom/vitest';
import '../../src/react/styles.css';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, onTestFinished, test } from 'vitest';
import { page } from 'vitest/browser';
import { MediaUploader } from '../../src/index';
import { drop, presignVia, realBrowserUpdates } from './fixtures';

realBrowserUpdates();
afterEach(cleanup);

// The bookmarklet of WCAG 1.4.12's test: every element at the four spacings at once.
const TEXT_SPACING =
  '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

/** A page style for the length of one test. */
function pageStyle(css: string) {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  onTestFinished(() => style.remove());
}

/** Two names a user tells apart only by their ends, as cameras and exports name files. */
const NAMES = [
  'IMG_20240612_153012_HDR_portrait_mode_edited_final_version_1.txt',
  'IMG_20240612_153012_HDR_portrait_mode_edited_final_version_2.txt',
];
const EARLIER = 'https://cdn.example.com/uploads/living-room-reference-photo-wide-angle-before-renovation.png';

async function renderRows() {
  const { container } = render(
    <form aria-label="Prediction" style={{ padding: 8 }}>
      <MediaUploader name="image" presign={presignVia('native')} multiple defaultValue={EARLIER} />
    </form>,
  );
  // Refused at once (their bytes are text): rows with a name, an error sentence and a Remove, no network.
  drop(container.querySelector<HTMLElement>('[data-mu-dropzone]')!, ...NAMES.map((name) => new File(['text'], name, { type: 'text/plain' })));
  await waitFor(() => expect(container.querySelectorAll('li[data-state="error"]')).toHaveLength(2));
  return container;
}

/** Where each character of an element's text is painted, clipped by the element's own box and the viewport. */
function hiddenCharacters(element: HTMLElement): string {
  const box = element.getBoundingClientRect();
  const text = element.firstChild as Text;
  let hidden = '';
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const r = range.getBoundingClientRect();
    const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.right <= document.documentElement.clientWidth + 0.5;
    if (!inside) hidden += text.data[i];
  }
  return hidden;
}

test.each([
  ['at 320 CSS px (reflow)', 320, ''],
  ['at 320 CSS px with WCAG text spacing', 320, TEXT_SPACING],
  ['with text at 200%', 640, 'html { font-size: 200%; }'],
])('a long file name is shown whole %s: two files that differ at the end are told apart', async (_, width, css) => {
  await page.viewport(width, 800);
  pageStyle(css);
  const container = await renderRows();
  const names = [...container.querySelectorAll<HTMLElement>('.mu-file-name')];
  expect(names.map((name) => name.textContent)).toEqual(['living-room-reference-photo-wide-angle-before-renovation.png', ...NAMES]);
  // Every character is painted inside the name's box, none cut off by an ellipsis or pushed past the screen's edge.
  expect(names.map(hiddenCharacters)).toEqual(['', '', '']);
  expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(document.documentElement.clientWidth);
  for (const name of NAMES) expect(screen.getByRole('button', { name: `Remove ${name}` })).toBeVisible();
});
