// `npm start` in WebKitGTK: Playwright drives only its own patched WebKit, so webdriverio drives Debian's
// MiniBrowser through the WebKitWebDriver that globalSetup.ts started. A PNG goes into the image field and
// must come back byte for byte from its public URL on the demo's s3rver.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remote } from 'webdriverio';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startDemo, type DemoServer } from '../e2e/support/demoServer';
import { makePng } from '../e2e/support/png';
import { webkitCapabilities, withoutBrowserName } from './provider';

let dir: string;
let demo: DemoServer;
let browser: WebdriverIO.Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mu-webkit-demo-'));
  [demo, browser] = await Promise.all([
    startDemo({ MEDIA_UPLOADER_DATA_DIR: join(dir, 's3') }),
    remote({
      hostname: '127.0.0.1',
      port: inject('webkitDriverPort'),
      logLevel: 'silent',
      capabilities: webkitCapabilities,
      transformRequest: withoutBrowserName,
    }),
  ]);
});

afterAll(async () => {
  await browser?.deleteSession();
  const code = await demo?.stop();
  await rm(dir, { recursive: true, force: true });
  expect(code).toBe(0);
});

it('uploads a PNG to the local S3 and puts its URL into the prediction body, in WebKit', async () => {
  const png = makePng();
  const path = join(dir, 'gradient.png');
  await writeFile(path, png);
  await browser.url(demo.url);
  const input = browser.$('[data-field="image"] input[type="file"]');
  await input.waitForExist({ timeout: 30_000 });
  // WebDriver's way to pick a file: its absolute path typed into the input. addValue, not setValue: WebKitWebDriver
  // refuses the clear that setValue starts with on a file input ("element did not become interactable").
  await input.addValue(path);
  await browser.$('[data-field="image"] .mu-file[data-state="done"]').waitForExist({ timeout: 30_000 });

  const url = await browser.$('[data-field="image"] input[name="image"]').getValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[\w-]+\.png$/);
  const body = JSON.parse(await browser.$('[data-testid="prediction-json"]').getText());
  expect(body).toMatchObject({ model: 'flux-1-1-pro', version: '1.0.0', input: { image: url } });

  const response = await fetch(url);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  // The page shows the stored image, decoded by WebKit from storage's URL.
  await browser.waitUntil(() => browser.execute((src) => {
    const img = document.querySelector<HTMLImageElement>(`img[src="${src}"]`);
    return Boolean(img?.complete && img.naturalWidth === 640);
  }, url), { timeout: 10_000 });
});
