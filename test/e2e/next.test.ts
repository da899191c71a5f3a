// examples/next as an app would have it: installed from the packed tarball, `next build`, `next start`, its
// presign route (s3 provider) against a real S3 (s3rver, which checks SigV4), one upload driven in Chromium,
// the stored bytes compared, then the form posted to the app's prediction route.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { makePng } from './support/png';
import { S3rver, type S3rverServer } from '../server/s3rver';


const repo = resolve(import.meta.dirname, '../..');
const app = join(repo, 'examples/next');
const HOST = '127.0.0.1';
const BUCKET = 'media';

let s3rver: S3rverServer | undefined;
let next: ChildProcess | undefined;
let browser: Browser | undefined;
let origin = '';
let storageOrigin = '';
let dataDir = '';
let nextOutput = '';

function step(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The app installs the package as users do today: from `npm pack`'s tarball (its node_modules is a cache). */
function installExample() {
  if (!existsSync(join(repo, 'dist/index.js'))) step('npm', ['run', 'build', '--silent'], repo);
  const packDir = mkdtempSync(join(tmpdir(), 'mu-pack-'));
  try {
    const file = step('npm', ['pack', '--silent', '--pack-destination', packDir], repo).trim().split('\n').at(-1)!;
    copyFileSync(join(packDir, file), join(app, 'media-uploader.tgz'));
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
  // No lockfile: the tarball's hash changes with every build. Direct dependencies are pinned in package.json.
  step('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
}

/** `uploads/<id>.png` as s3rver keeps it on disk. */
function storedObject(key: string): Buffer {
  const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' });
  const object = files.find((file) => file.endsWith(`${key.split('/').at(-1)}._S3rver_object`));
  if (!object) throw new Error(`s3rver stored no object for ${key}: ${files.join(', ')}`);
  return readFileSync(join(dataDir, object));
}

beforeAll(async () => {
  installExample();
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const nextBin = join(app, 'node_modules/next/dist/bin/next');
  step(process.execPath, [nextBin, 'build'], app, env);

  const port = await freePort();
  origin = `http://${HOST}:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'mu-next-s3-'));
  s3rver = new S3rver({
    address: HOST,
    port: 0,
    directory: dataDir,
    silent: true,
    configureBuckets: [
      {
        name: BUCKET,
        configs: [
          `<CORSConfiguration><CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>` +
            `<AllowedHeader>content-type</AllowedHeader><AllowedHeader>content-length</AllowedHeader>` +
            `<AllowedHeader>x-amz-meta-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`,
        ],
      },
    ],
  });
  storageOrigin = `http://${HOST}:${(await s3rver.run()).port}`;

  next = spawn(process.execPath, [nextBin, 'start', '-H', HOST, '-p', String(port)], {
    cwd: app,
    env: {
      ...env,
      S3_ENDPOINT: storageOrigin,
      S3_BUCKET: BUCKET,
      S3_PUBLIC_BASE_URL: `${storageOrigin}/${BUCKET}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  next.stdout!.on('data', (chunk: Buffer) => (nextOutput += chunk.toString()));
  next.stderr!.on('data', (chunk: Buffer) => (nextOutput += chunk.toString()));
  await new Promise<void>((ready, reject) => {
    const check = () => (/Ready in/.test(nextOutput) ? ready() : undefined);
    next!.stdout!.on('data', check);
    next!.once('exit', (code) => reject(new Error(`next start exited with ${code}:\n${nextOutput}`)));
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (next && next.exitCode === null) {
    const exited = new Promise((done) => next!.once('exit', done));
    next.kill('SIGTERM');
    await exited;
  }
  await s3rver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('next build + next start: an image goes to S3 through the app route, and the form posts its URL', async () => {
  const png = makePng(120, 80);
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(origin);
  await page.getByRole('heading', { name: 'Generate from an image' }).waitFor();

  await page.locator('input[type="file"]').setInputFiles({ name: 'sketch.png', mimeType: 'image/png', buffer: png });
  await page.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });
  const url = await page.locator('input[name="image"]').inputValue();
  expect(url).toMatch(new RegExp(`^${storageOrigin}/${BUCKET}/uploads/[\\w-]+\\.png$`));
  await expect(page.getByTestId('image-url').innerText()).resolves.toBe(url);

  // The bytes s3rver stored are the file's, and its public URL serves them back.
  const key = new URL(url).pathname.slice(`/${BUCKET}/`.length);
  expect(storedObject(key).equals(png)).toBe(true);
  const served = await fetch(url);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

  // A native form post: the prediction route reads the URL from the form, never the file.
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.url() === `${origin}/api/predict`),
    page.getByRole('button', { name: 'Generate' }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ model: 'flux-1-1-pro', version: '1.0.0', input: { image: url, prompt: 'A watercolor of this' } });
  expect(errors).toEqual([]);
  await page.close();
});

it('the prediction route forwards only URLs under S3_PUBLIC_BASE_URL, not ones that merely start with its text', async () => {
  const base = `${storageOrigin}/${BUCKET}`;
  const predict = async (image: string) => {
    const form = new FormData();
    form.set('image', image);
    form.set('prompt', 'p');
    return (await fetch(`${origin}/api/predict`, { method: 'POST', body: form })).status;
  };
  // The browser chooses what it posts: another bucket whose name extends ours, or a path that climbs out of it,
  // must not reach the model as if it were an upload (on AWS: `https://b.s3.amazonaws.com.attacker.example/…`).
  expect(await predict(`${base}-private/payroll.png`)).toBe(400);
  expect(await predict(`${base}/../private/payroll.png`)).toBe(400);
  expect(await predict(`${base}/%2e%2e/private/payroll.png`)).toBe(400);
  expect(await predict(`${base}/uploads/sketch.png`)).toBe(200);
});

it('the page refuses an image over the route’s 20 MB limit itself, as its hint says, without asking the route', async () => {
  const page = await browser!.newPage();
  const presigns: string[] = [];
  page.on('request', (request) => void (request.url().includes('/api/uploads/presign') && presigns.push(request.url())));
  await page.goto(origin);
  await page.getByRole('heading', { name: 'Generate from an image' }).waitFor();
  await expect(page.locator('.mu-dropzone-hint').innerText()).resolves.toBe('Image files, up to 20 MB');
  // A real PNG with 25 MB of trailing bytes: the size, not the format, is what is wrong with it.
  const huge = Buffer.concat([makePng(120, 80), Buffer.alloc(25 * 1024 * 1024)]);
  await page.locator('input[type="file"]').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
  const error = page.locator('.mu-file[data-state="error"] .mu-file-error');
  await error.waitFor({ timeout: 30_000 });
  expect(await error.innerText()).toBe('huge.png is 25 MB; the limit is 20 MB.');
  expect(presigns).toEqual([]);
  await page.close();
});

it('a Server Component page (app/server, no "use client") renders the widget, and its upload reaches the form', async () => {
  const page = await browser!.newPage();
  await page.goto(`${origin}/server`);
  await page.getByRole('heading', { name: 'Rendered by a Server Component' }).waitFor();
  // Server-rendered: the drop zone is in the HTML before any script runs, then hydrated and working.
  expect(await (await fetch(`${origin}/server`)).text()).toContain('mu-dropzone');
  await page.locator('input[type="file"]').setInputFiles({ name: 'server.png', mimeType: 'image/png', buffer: makePng(120, 80) });
  await page.locator('.mu-file[data-state="done"]').waitFor({ timeout: 30_000 });
  const value = await page.locator('input[type="hidden"][name="image"]').getAttribute('value');
  expect(value?.startsWith(`${storageOrigin}/${BUCKET}/`)).toBe(true);
  await page.close();
});

