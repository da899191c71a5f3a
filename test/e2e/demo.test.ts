// `npm start` end to end: the real page in Chromium, the real presign route, a real S3 (s3rver) that checks
// SigV4 signatures. A PNG goes into the image field and must come back byte for byte from its public URL.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { startDemo, type DemoServer } from './support/demoServer';
import { makePng } from './support/png';

let dataDir: string;
let demo: DemoServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mu-demo-data-'));
  [demo, browser] = await Promise.all([startDemo({ MEDIA_UPLOADER_DATA_DIR: dataDir }), launchChromium()]);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  const code = await demo?.stop();
  await rm(dataDir, { recursive: true, force: true });
  // A clean stop: Vite, the HTTP server and s3rver all closed, exit code 0.
  expect(code).toBe(0);
});

/** Every file under `dir`, relative paths. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('npm start demo', () => {
  it('uploads a PNG to the local S3 and puts its URL into the prediction body', async () => {
    const png = makePng();
    await page.goto(demo.url);
    // React renders after the load event goto waits for: wait for the heading rather than look once.
    await page.getByRole('heading', { name: 'Run a model on your media' }).waitFor({ state: 'visible' });

    const field = page.locator('[data-field="image"]');
    await field.locator('input[type="file"]').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png });
    await field.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });

    const url = await field.locator('input[name="image"]').inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[\w-]+\.png$/);

    const body = JSON.parse(await page.getByTestId('prediction-json').innerText());
    expect(body).toMatchObject({ model: 'flux-1-1-pro', version: '1.0.0', input: { image: url } });

    // The object is public: the same bytes come back from its URL, and the page shows it from there.
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    const stored = page.getByRole('img', { name: 'Reference image, as stored' });
    await expect(stored.getAttribute('src')).resolves.toBe(url);
    await page.waitForFunction((src) => {
      const img = document.querySelector<HTMLImageElement>(`img[src="${src}"]`);
      return img?.complete && img.naturalWidth === 640;
    }, url);

    await page.screenshot({ path: join(import.meta.dirname, '../../test-results/demo/after-upload.png'), fullPage: true });

    // s3rver keeps the object in the data folder the demo was given.
    const key = new URL(url).pathname.split('/').at(-1)!;
    const objects = (await listFiles(dataDir)).filter((file) => file.includes(key) && file.endsWith('._S3rver_object'));
    expect(objects).toHaveLength(1);
    expect((await readFile(objects[0]!)).equals(png)).toBe(true);
  });

  it('an image smaller than the model asks for is refused with words before anything is uploaded', async () => {
    const field = page.locator('[data-field="image"]');
    const requests: string[] = [];
    const onRequest = (request: { url: () => string }) => requests.push(request.url());
    page.on('request', onRequest);
    await field.locator('input[type="file"]').setInputFiles({ name: 'thumb.png', mimeType: 'image/png', buffer: makePng(320, 240) });
    const error = field.locator('.mu-file[data-state="error"] .mu-file-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toBe('thumb.png is 320×240 px; images must be at least 512×512 px');
    page.off('request', onRequest);
    expect(requests.filter((url) => url.includes('/api/presign'))).toEqual([]);
    // The earlier upload's value is kept through the failed replacement.
    expect(await field.locator('input[name="image"]').count()).toBe(1);
    await field.getByRole('button', { name: 'Remove thumb.png' }).click();
  });

  it('uploads a recorded WebM into the video field and plays it back from storage', async () => {
    await page.getByLabel('Model').selectOption('latentsync');
    // A real video, recorded from a canvas by the page's own MediaRecorder, handed to the field as a drop would.
    await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 90 });
      const ctx = canvas.getContext('2d')!;
      const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      for (let frame = 0; frame < 12; frame++) {
        ctx.fillStyle = `hsl(${frame * 30} 70% 50%)`;
        ctx.fillRect(0, 0, 160, 90);
        await new Promise((resolve) => setTimeout(resolve, 70));
      }
      recorder.stop();
      await stopped;
      const data = new DataTransfer();
      data.items.add(new File(chunks, 'face.webm', { type: 'video/webm' }));
      const input = document.querySelector<HTMLInputElement>('[data-field="video"] input[type="file"]')!;
      input.files = data.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const field = page.locator('[data-field="video"]');
    await field.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });
    const url = await field.locator('input[name="video"]').inputValue();
    expect(url).toMatch(/\/media\/[\w-]+\.webm$/);
    const body = JSON.parse(await page.getByTestId('prediction-json').innerText());
    expect(body).toMatchObject({ model: 'latentsync', input: { video: url } });
    expect(body.input).not.toHaveProperty('image'); // the image field is not this model's
    await page.waitForFunction((src) => {
      const video = document.querySelector<HTMLVideoElement>(`video[src="${src}"]`);
      return video !== null && video.readyState >= 1 && video.videoWidth === 160;
    }, url);
    await page.getByLabel('Model').selectOption('flux-1-1-pro');
  });

  it('takes a voice note recorded in the browser (WebM), which the audio field’s hint names', async () => {
    await page.getByLabel('Model').selectOption('whisper-large-v3');
    const field = page.locator('[data-field="audio"]');
    // Chromium and Firefox record audio as WebM: a hint without it tells those users their recording will not do.
    await expect(field.getByText(/, up to 50 MB/).innerText()).resolves.toBe('MP3, WAV, M4A, OGG or WebM, up to 50 MB; at most 30 seconds');
    await page.evaluate(async () => {
      const context = new AudioContext();
      const tone = context.createOscillator();
      const out = context.createMediaStreamDestination();
      tone.connect(out);
      tone.start();
      const recorder = new MediaRecorder(out.stream, { mimeType: 'audio/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      recorder.stop();
      await stopped;
      await context.close();
      const data = new DataTransfer();
      data.items.add(new File(chunks, 'voice-note.webm', { type: 'audio/webm' }));
      const input = document.querySelector<HTMLInputElement>('[data-field="audio"] input[type="file"]')!;
      input.files = data.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await field.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });
    const url = await field.locator('input[name="audio"]').inputValue();
    const body = JSON.parse(await page.getByTestId('prediction-json').innerText());
    expect(body).toMatchObject({ model: 'whisper-large-v3', input: { audio: url } });
    await field.getByRole('button', { name: 'Remove voice-note.webm' }).click();
    await page.getByLabel('Model').selectOption('flux-1-1-pro');
  });

  it('has no accessibility violations axe-core can find, with an upload done', async () => {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run();
      return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });

  it('copies the prediction body', async () => {
    await page.getByRole('button', { name: 'Copy JSON' }).click();
    // waitFor, not isVisible(): isVisible answers at once, before the clipboard promise has settled (a flake).
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor({ state: 'visible', timeout: 5_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.getByTestId('prediction-json').innerText());
  });

  it('submits the same body, read from the form’s own FormData', async () => {
    await page.getByLabel('Prompt').fill('A watercolor of this gradient');
    await page.getByRole('button', { name: /^Run / }).click();
    const submitted = JSON.parse(await page.getByTestId('submitted-json').innerText());
    const live = JSON.parse(await page.getByTestId('prediction-json').innerText());
    expect(submitted).toEqual(live);
    expect(submitted.input.prompt).toBe('A watercolor of this gradient');
    expect(pageErrors).toEqual([]);
  });

  it('a file uploaded for one model does not carry over to a model whose rules for it differ', async () => {
    const field = page.locator('[data-field="image"]');
    // Kling takes any first frame: a 320×240 image uploads.
    await page.getByLabel('Model').selectOption('kling-v2-1-image-to-video');
    await field.locator('input[type="file"]').setInputFiles({ name: 'small.png', mimeType: 'image/png', buffer: makePng(320, 240) });
    await field.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });
    // FLUX wants at least 512×512 px, which its hint says: the small image must not be sent to it.
    await page.getByLabel('Model').selectOption('flux-1-1-pro');
    await field.locator('.mu-dropzone-hint').filter({ hasText: 'at least 512×512 px' }).waitFor({ state: 'visible' });
    expect(await field.locator('input[name="image"]').count()).toBe(0);
    expect(await field.getByText('small.png').count()).toBe(0);
    expect(JSON.parse(await page.getByTestId('prediction-json').innerText()).input).not.toHaveProperty('image');

    // A field the next model does not take is kept as it was: back on FLUX, its upload is still there.
    await field.locator('input[type="file"]').setInputFiles({ name: 'large.png', mimeType: 'image/png', buffer: makePng() });
    await field.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });
    const url = await field.locator('input[name="image"]').inputValue();
    await page.getByLabel('Model').selectOption('latentsync');
    await page.getByLabel('Model').selectOption('flux-1-1-pro');
    expect(await field.locator('input[name="image"]').inputValue()).toBe(url);
    expect(JSON.parse(await page.getByTestId('prediction-json').innerText()).input.image).toBe(url);
    expect(pageErrors).toEqual([]);
  });
});

describe('npm start with a provider', () => {
  it('with pruna, presigns images to its own proxy route and refuses audio, which pruna does not take', async () => {
    const pruna = await startDemo({ MEDIA_UPLOADER_PROVIDER: 'pruna', MEDIA_UPLOADER_API_KEY: 'sk-not-used-here' });
    try {
      const presign = (contentType: string) =>
        fetch(`${pruna.url}api/presign`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ filename: 'a', contentType, size: 10, fileType: contentType.split('/')[0] }),
        });
      const image = await presign('image/png');
      // A path on the demo's own site: the browser resolves it against the page (behind a TLS proxy too).
      expect(await image.json()).toEqual({ uploadUrl: '/api/uploads/proxy', method: 'POST', fileField: 'content' });
      const audio = await presign('audio/mpeg');
      expect(audio.status).toBe(400);
      expect((await audio.json()).error.code).toBe('file-invalid-type');

      // The page says the same: no "straight to storage with a presigned URL" (the bytes pass this server), and the
      // models that need audio cannot be chosen, rather than failing at the presign after the user picked a file.
      const prunaPage = await browser.newPage();
      try {
        await prunaPage.goto(pruna.url);
        const lede = prunaPage.locator('.demo-lede');
        await lede.waitFor({ state: 'visible' });
        expect(await lede.innerText()).toBe(
          'Files go from this page to this server’s upload proxy at /api/uploads/proxy, which streams them to pruna with the API key (pruna takes no presigned uploads); the model gets their URLs in its prediction input.',
        );
        const options = await prunaPage.getByLabel('Model').locator('option').evaluateAll((all) =>
          (all as HTMLOptionElement[]).map((option) => `${option.disabled ? 'disabled' : 'enabled'} ${option.textContent}`),
        );
        expect(options).toEqual([
          'enabled FLUX1.1 [pro]: Image to image',
          'enabled Kling 2.1: Image to video',
          'disabled LatentSync: Lip sync (pruna takes no audio)',
          'disabled Whisper large v3: Speech to text (pruna takes no audio)',
        ]);
      } finally {
        await prunaPage.close();
      }
    } finally {
      expect(await pruna.stop()).toBe(0);
    }
  });

  it('with apimodels, the image field says and keeps its 10 MB cap instead of failing at the presign', async () => {
    const apimodels = await startDemo({ MEDIA_UPLOADER_PROVIDER: 'apimodels', MEDIA_UPLOADER_API_KEY: 'sk-not-used-here' });
    const apimodelsPage = await browser.newPage();
    try {
      const presigns: string[] = [];
      apimodelsPage.on('request', (request) => void (request.url().includes('/api/presign') && presigns.push(request.url())));
      await apimodelsPage.goto(apimodels.url);
      const field = apimodelsPage.locator('[data-field="image"]');
      const hint = field.locator('.mu-dropzone-hint');
      await hint.waitFor({ state: 'visible' });
      expect(await hint.innerText()).toBe('PNG, JPEG or WebP, up to 10 MB; at least 512×512 px; larger ones are scaled down to 2048 px');
      // A real 640×512 PNG with 15 MB of trailing bytes: within the field's usual 20 MB, over apimodels' image cap.
      const png = Buffer.concat([makePng(), Buffer.alloc(15 * 1024 * 1024)]);
      await field.locator('input[type="file"]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: png });
      const error = field.locator('.mu-file[data-state="error"] .mu-file-error');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.innerText()).toBe('poster.png is 15 MB; the limit is 10 MB.');
      expect(presigns).toEqual([]);
    } finally {
      await apimodelsPage.close();
      expect(await apimodels.stop()).toBe(0);
    }
  });

  it('refuses to start without that provider’s API key, and says what to set', async () => {
    const error = await startDemo({ MEDIA_UPLOADER_PROVIDER: 'eachlabs', MEDIA_UPLOADER_API_KEY: '' }).then(
      () => null,
      (reason: Error) => reason,
    );
    expect(error?.message).toMatch(/exited with 1/);
    expect(error?.message).toMatch(/MEDIA_UPLOADER_PROVIDER=eachlabs needs that provider's API key in MEDIA_UPLOADER_API_KEY/);
  });
});

/** `count` consecutive ports, all held by this process. */
async function holdPorts(count: number): Promise<{ base: number; servers: Server[] }> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const servers: Server[] = [];
    try {
      for (let port = base; port < base + count; port++) {
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', resolve);
        });
        servers.push(server);
      }
      return { base, servers };
    } catch {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  }
}

describe('npm start ports', () => {
  it('takes the next free port when PORT is taken, and says what to do when all 21 it tries are', async () => {
    const { base, servers } = await holdPorts(21);
    const data = await mkdtemp(join(tmpdir(), 'mu-demo-ports-'));
    try {
      const error = await startDemo({ PORT: String(base), MEDIA_UPLOADER_DATA_DIR: data }).then(
        (demo) => demo.stop().then(() => null),
        (reason: Error) => reason,
      );
      expect(error?.message).toMatch(/exited with 1/);
      expect(error?.message).toContain(`ports ${base}-${base + 20} on 127.0.0.1 are all in use`);
      // Each failed attempt used to leave a 'listening' listener behind.
      expect(error?.message).not.toMatch(/MaxListenersExceeded|node:net/);

      await new Promise((resolve) => servers.pop()!.close(resolve));
      const demo = await startDemo({ PORT: String(base), MEDIA_UPLOADER_DATA_DIR: data });
      expect(demo.url).toBe(`http://127.0.0.1:${base + 20}/`);
      expect(demo.output()).not.toMatch(/MaxListenersExceeded/);
      expect(await demo.stop()).toBe(0);
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await rm(data, { recursive: true, force: true });
    }
  });
});

describe('npm start before setup', () => {
  const script = join(import.meta.dirname, '../../scripts/start.mjs');

  it('says to run npm ci when the dependencies are missing, instead of a module-not-found stack', async () => {
    // The script alone in a folder with no node_modules above it: what a fresh clone sees before `npm ci`.
    const dir = await mkdtemp(join(tmpdir(), 'mu-no-deps-'));
    try {
      await mkdir(join(dir, 'scripts'));
      await copyFile(script, join(dir, 'scripts/start.mjs'));
      const run = spawnSync(process.execPath, [join(dir, 'scripts/start.mjs')], { encoding: 'utf8', env: { ...process.env, PORT: '0' } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("the dev dependencies are not installed (Cannot find package '@20minutes/s3rver'). Run `npm ci` first, or `npm start`, which does.");
      expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const systemNode = '/usr/bin/node';
  const oldNode =
    existsSync(systemNode) && Number(spawnSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout) < 22;
  it.skipIf(!oldNode)('names the Node version it needs on an older Node (the machine’s Node 20)', () => {
    const run = spawnSync(systemNode, [script], { encoding: 'utf8', env: { ...process.env, PORT: '0' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs Node 22\.22 or newer \(package\.json devEngines\); this is Node 20\..*`npm start` brings it/);
  });
});
