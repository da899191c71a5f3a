// Every Storybook story, built once and opened in Chromium: it must render and its play function must pass.
// Set STORYBOOK_STATIC to an already built folder to skip the build (about 5 s).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { serveStatic } from './support/staticServer';

const repo = resolve(import.meta.dirname, '../..');
const shots = join(repo, 'test-results/stories');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function buildStorybook(): Promise<{ dir: string; temporary: boolean }> {
  if (process.env.STORYBOOK_STATIC) return { dir: resolve(process.env.STORYBOOK_STATIC), temporary: false };
  const dir = await mkdtemp(join(tmpdir(), 'mu-storybook-'));
  const started = performance.now();
  const build = spawnSync(join(repo, 'node_modules/.bin/storybook'), ['build', '--disable-telemetry', '--quiet', '-o', dir], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  if (build.status !== 0) throw new Error(`storybook build failed:\n${build.stdout}\n${build.stderr}`);
  console.log(`storybook build: ${Math.round(performance.now() - started)} ms`);
  return { dir, temporary: true };
}

// The stories are known only once Storybook indexed them, so the build runs while tests are collected.
const built = await buildStorybook();
const index = JSON.parse(await readFile(join(built.dir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; type: string; title: string; name: string }>;
};
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');

let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(built.dir);
  browser = await launchChromium();
  await mkdir(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (built.temporary) await rm(built.dir, { recursive: true, force: true });
});

type Finished = { status: 'success' | 'error'; error?: string };

// Stories run a few at a time, each in its own browser context.
describe.concurrent('storybook', () => {
  it('indexes the stories', () => {
    expect(stories.length).toBeGreaterThan(10);
  });

  for (const story of stories) {
    it(`${story.title} / ${story.name}`, async () => {
      // A context per story: msw's worker answers a page's navigation through any other page it controls in the
      // same profile, so a story page closing at that moment could leave the next one hanging.
      const context = await browser.newContext({ viewport: { width: 720, height: 560 } });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // Listen on Storybook's channel from the moment it exists: the play function may finish before load.
      await page.addInitScript(() => {
        let channel: { on(event: string, listener: (payload: unknown) => void): void } | undefined;
        const w = window as unknown as { __sbResult?: Finished; __sbError?: string };
        Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
          configurable: true,
          get: () => channel,
          set(value) {
            channel = value;
            const fail = (payload: unknown) => {
              w.__sbError ??= String((payload as { message?: string })?.message ?? JSON.stringify(payload));
            };
            value.on('playFunctionThrewException', fail);
            value.on('storyThrewException', fail);
            value.on('storyErrored', fail);
            value.on('storyFinished', (payload: unknown) => {
              w.__sbResult = { status: (payload as Finished).status, error: w.__sbError };
            });
          },
        });
      });
      try {
        // No wait for `load`: the story's own finish event is the signal, and a busy machine can be slow to load.
        await page.goto(`${server.origin}/iframe.html?id=${story.id}&viewMode=story`, { waitUntil: 'commit' });
        const handle = await page.waitForFunction(() => (window as unknown as { __sbResult?: Finished }).__sbResult, null, {
          timeout: 90_000,
        });
        const result = (await handle.jsonValue()) as Finished;
        await page.screenshot({ path: join(shots, `${story.id}.png`), fullPage: true });
        // Storybook's expect colours its messages; the test report reads better without the escapes.
        expect((result.error ?? '').replace(/\u001b\[[0-9;]*m/g, ''), 'play function').toBe('');
        expect(result.status).toBe('success');
        expect(pageErrors).toEqual([]);
        // Each state, as the play function left it, checked by axe-core inside the story root.
        await page.addScriptTag({ path: axePath });
        const violations = await page.evaluate(async () => {
          type Axe = { run(context: Element): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
          const result = await (window as unknown as { axe: Axe }).axe.run(document.querySelector('#storybook-root')!);
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
        });
        expect(violations, 'axe-core').toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
