// WCAG 2.2 layout checks in a real layout engine, with the shipped stylesheet: reflow at 320 CSS px (1.4.10), text
// spacing (1.4.12), resized text (1.4.4), target size (2.5.8) and non-text contrast (1.4.11). Each measures what a
// user sees (computed styles), not the CSS.
import '@testing-library/jest-dom/vitest';
import '../../src/react/styles.css';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, onTestFinished, test } from 'vitest';
import { cdp, page, server } from 'vitest/browser';
import { MediaUploader } from '../../src/index';
import { drop, png, presignVia, realBrowserUpdates } from './fixtures';

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

/** WCAG's contrast ratio of two computed colours (the first `rgb()` in each string). */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const channels = /rgba?\(([^)]*)\)/.exec(color)![1]!.split(/[ ,]+/).slice(0, 3).map((v) => Number(v) / 255);
    const [r, g, b] = channels.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round(((light! + 0.05) / (dark! + 0.05)) * 100) / 100;
}

/** What draws an element's edge: an inset ring (box-shadow), an outline, a border, else its own fill. */
function edgeColor(element: Element): string {
  const style = getComputedStyle(element);
  if (style.boxShadow.includes('inset')) return style.boxShadow;
  if (style.outlineStyle !== 'none') return style.outlineColor;
  return parseFloat(style.borderTopWidth) > 0 ? style.borderTopColor : style.backgroundColor;
}

/** What shows where the drop zone is and how far an upload is (WCAG 2.2 1.4.11), against the colours beside them. */
async function nonTextContrast(theme: string, pageColor: string) {
  const { container } = render(
    <main data-theme={theme} style={{ background: pageColor, padding: 16 }}>
      <MediaUploader name="image" presign={() => new Promise(() => {})} />
    </main>,
  );
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  drop(dropzone, png('photo.png', 2048)); // its presign never answers: a row at 0%, the whole track showing
  await waitFor(() => expect(container.querySelector('.mu-progress')).not.toBeNull(), { timeout: 10_000 });
  const track = container.querySelector('.mu-progress')!;
  const page = getComputedStyle(container.firstElementChild!).backgroundColor;
  const zone = getComputedStyle(dropzone);
  const row = getComputedStyle(track.closest('li')!).backgroundColor;
  return {
    'drop zone edge / its fill': contrast(zone.borderTopColor, zone.backgroundColor),
    'drop zone edge / the page': contrast(zone.borderTopColor, page),
    'track edge / the row': contrast(edgeColor(track), row),
    // What shows the progress: the bar against the rest of the track.
    'bar / track': contrast(getComputedStyle(track.firstElementChild!).backgroundColor, getComputedStyle(track).backgroundColor),
  };
}

test.each([
  ['light', '#ffffff'],
  ['dark', '#0d1117'],
])('the drop zone’s dashed edge and an upload’s progress track stand out 3:1 from the colours beside them, %s theme', async (theme, pageColor) => {
  // They were 1.45:1 (the edge against the drop zone's fill) and 1.22:1 (the track against its row) in the light theme.
  const figures = await nonTextContrast(theme, pageColor);
  expect(Object.values(figures).every((ratio) => ratio >= 3), JSON.stringify(figures)).toBe(true);
});

test.runIf(server.browser === 'chromium')('…and in a contrast theme (forced colors), where system colours replace the theme’s', async () => {
  await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
  onTestFinished(async () => {
    await cdp().send('Emulation.setEmulatedMedia', { features: [] });
  });
  // The track's edge is its outline there (box-shadow is dropped), the bar the theme's Highlight.
  const figures = await nonTextContrast('light', '#ffffff');
  expect(Object.values(figures).every((ratio) => ratio >= 3), JSON.stringify(figures)).toBe(true);
});
