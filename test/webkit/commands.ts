// Browser commands of the `browser-webkit` project (they run in Node, next to webdriverio). WebKitWebDriver picks a
// file only as WebDriver does, by typing the path of a file on disk into the input: vitest's userEvent.upload takes
// no File objects with webdriverio, and its paths go through Selenium's /file upload, which WebKitWebDriver lacks.
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserCommand } from 'vitest/node';

let dir: string | undefined;

/** Writes the file (name and base64 bytes) to a folder of this run and types its path into the input at `selector`. */
export const pickFile: BrowserCommand<[selector: string, name: string, base64: string]> = async (context, selector, name, base64) => {
  if (context.provider.name !== 'webdriverio') throw new Error('pickFile is for the webdriverio provider');
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'mu-webkit-pick-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  const path = join(dir, name);
  await writeFile(path, Buffer.from(base64, 'base64'));
  // addValue, not setValue: WebKitWebDriver refuses the clear setValue starts with on a file input.
  await context.browser.$(selector).addValue(path);
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    pickFile: (selector: string, name: string, base64: string) => Promise<void>;
  }
}
