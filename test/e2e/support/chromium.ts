import { chromium, type Browser } from 'playwright';
import { chromiumArgs } from '../../../vitest.config';

/** The system Chromium (never `npx playwright install`), headless with the flags measured on these machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
}
