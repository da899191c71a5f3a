// The stylesheet's light-dark() tokens follow the page's color-scheme, as native form controls do: light on a page that
// declares none (a dark system must not make the widget's text light on a light-only page's white), the system setting
// on a page that declares `light dark`; a `[data-theme]` / `.dark` / `.light` ancestor overrides it either way. Playwright emulates the system setting, which vitest's browser mode cannot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { launchChromium } from './support/chromium';

const css = readFileSync(join(import.meta.dirname, '../../src/react/styles.css'), 'utf8');
const LIGHT_FG = 'rgb(27, 31, 36)';
const DARK_FG = 'rgb(230, 237, 243)';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  { system: 'light' as const, page: '', plain: LIGHT_FG },
  { system: 'dark' as const, page: '', plain: LIGHT_FG },
  { system: 'light' as const, page: ':root { color-scheme: light dark; }', plain: LIGHT_FG },
  { system: 'dark' as const, page: ':root { color-scheme: light dark; }', plain: DARK_FG },
])('with the system set to $system, a page styled "$page"', ({ system, page: pageCss, plain }) => {
  it('a plain uploader follows the page; data-theme, .dark and .light ancestors override it', async () => {
    const page = await browser.newPage({ colorScheme: system });
    try {
      await page.setContent(`<style>${pageCss}${css}</style>
        <div class="mu" id="plain">x</div>
        <div data-theme="light"><div class="mu" id="theme-light">x</div></div>
        <div data-theme="dark"><div class="mu" id="theme-dark">x</div></div>
        <div class="light"><div class="mu" id="class-light">x</div></div>
        <div class="mu dark" id="self-dark">x</div>`);
      const color = (id: string) => page.evaluate((el) => getComputedStyle(document.getElementById(el)!).color, id);
      expect(await color('plain')).toBe(plain);
      expect(await color('theme-light')).toBe(LIGHT_FG);
      expect(await color('class-light')).toBe(LIGHT_FG);
      expect(await color('theme-dark')).toBe(DARK_FG);
      expect(await color('self-dark')).toBe(DARK_FG);
    } finally {
      await page.close();
    }
  });
});
