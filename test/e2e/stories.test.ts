// Every Storybook story, built once and opened in Chromium: it must render, its play function must pass, and the
// a11y addon's axe run (after the play function, on the state it left) must find no violation. One more test
// reads the prop table Storybook builds from the JSDoc.
// Set STORYBOOK_STATIC to an already built folder to skip the build (about 5-30 s), STORIES_WORKERS to change
// how many stories play at once (2).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { serveStatic } from './support/staticServer';

const repo = resolve(import.meta.dirname, '../..');
const shots = join(repo, 'test-results/stories');

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

// Stories play two at a time (this is a 2-core machine: more only makes each one slower), each worker in its own
// browser context with one page that goes from story to story, so the preview's code is fetched and compiled once
// per worker. One page per context: msw's worker answers a page's navigation through any other page it controls in
// the same profile, so a page closing at that moment could leave the next one hanging.
const WORKERS = Number(process.env.STORIES_WORKERS ?? 2);
const STORY_TIMEOUT_MS = 100_000;

type Violation = { id: string; help: string; nodes: { target: string[] }[] };
type Report = { type: string; status: string; result?: { violations?: Violation[]; error?: unknown } };
type ArgType = { description?: string; table?: { disable?: boolean; defaultValue?: { summary?: string } } };
/** `unhandled`: the messages of the errors and rejections Storybook caught while the play function ran. */
type Finished = { status: 'success' | 'error'; error?: string; reporters?: Report[]; unhandled?: string[] };
interface Outcome {
  finished?: Finished;
  argTypes?: Record<string, ArgType>;
  pageErrors: string[];
  /** The run itself failed (the story never finished, the page crashed). */
  failure?: string;
}

let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
/** A promise with its resolve, one per story: the tests wait on them while the workers fill them in. */
function deferred() {
  let resolve!: (outcome: Outcome) => void;
  const promise = new Promise<Outcome>((done) => (resolve = done));
  return { promise, resolve };
}
const outcomes = new Map(stories.map((story) => [story.id, deferred()]));

/** Listens on Storybook's channel from the moment it exists: the play function may finish before load. */
function listenToStorybook() {
  let channel: { on(event: string, listener: (payload: unknown) => void): void } | undefined;
  const w = window as unknown as { __sbResult?: Finished; __sbError?: string; __sbUnhandled?: string[]; __sbArgTypes?: unknown };
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
      value.on('unhandledErrorsWhilePlaying', (payload: unknown) => {
        w.__sbUnhandled = (payload as { message?: string }[]).map((error) => String(error?.message));
      });
      value.on('storyPrepared', (payload: unknown) => {
        w.__sbArgTypes = (payload as { argTypes?: unknown }).argTypes;
      });
      value.on('storyFinished', (payload: unknown) => {
        const { status, reporters } = payload as Finished;
        w.__sbResult = {
          status,
          error: w.__sbError,
          unhandled: w.__sbUnhandled,
          reporters: JSON.parse(JSON.stringify(reporters ?? [])),
        };
      });
    },
  });
}

/**
 * msw's worker start calls `registration.update()` without awaiting it (msw's get-worker-instance.ts, mswjs/msw#2006)
 * and reloads a page that its worker does not control yet; when the reload wins, that floating update rejects with
 * this sentence. Nothing of ours runs in it, and the story still has to finish and pass on the reloaded page. When it
 * lands while the play function runs, Storybook also counts it among the story's unhandled errors and finishes the
 * story with status 'error': that status is accepted only when this sentence is all there was.
 */
const MSW_FLOATING_UPDATE = /^Failed to update a ServiceWorker for scope \('[^']*'\) with script \('[^']*\/mockServiceWorker\.js'\): Not found$/;

async function playStory(page: Page, id: string): Promise<Outcome> {
  const pageErrors: string[] = [];
  const onError = (error: Error) => {
    if (!MSW_FLOATING_UPDATE.test(error.message)) pageErrors.push(error.message);
  };
  page.on('pageerror', onError);
  try {
    // No wait for `load`: the story's own finish event is the signal, and a busy machine can be slow to load.
    await page.goto(`${server.origin}/iframe.html?id=${id}&viewMode=story`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(() => (window as unknown as { __sbResult?: Finished }).__sbResult, null, {
      timeout: STORY_TIMEOUT_MS,
    });
    const finished = (await handle.jsonValue()) as Finished;
    const argTypes = (await page.evaluate(() => (window as unknown as { __sbArgTypes?: unknown }).__sbArgTypes)) as Outcome['argTypes'];
    await page.screenshot({ path: join(shots, `${id}.png`), fullPage: true });
    return { finished, argTypes, pageErrors };
  } catch (error) {
    return { pageErrors, failure: String(error) };
  } finally {
    page.off('pageerror', onError);
  }
}

async function worker(queue: typeof stories): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 720, height: 560 } });
  await context.addInitScript(listenToStorybook);
  let page = await context.newPage();
  try {
    for (let story = queue.shift(); story; story = queue.shift()) {
      const outcome = await playStory(page, story.id);
      outcomes.get(story.id)!.resolve(outcome);
      // A story that never finished may have left its page busy: the next one gets a fresh page.
      if (outcome.failure) {
        await page.close();
        page = await context.newPage();
      }
    }
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  server = await serveStatic(built.dir);
  browser = await launchChromium();
  await mkdir(shots, { recursive: true });
  const queue = [...stories];
  const started = performance.now();
  void Promise.all(Array.from({ length: WORKERS }, () => worker(queue))).then(
    () => console.log(`${stories.length} stories played in ${Math.round(performance.now() - started)} ms`),
    (error) => outcomes.forEach((outcome) => outcome.resolve({ pageErrors: [], failure: String(error) })),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (built.temporary) await rm(built.dir, { recursive: true, force: true });
});

// The tests read the outcomes in the order the workers play them, so each waits about one story.
describe('storybook', () => {
  it('indexes at least 30 stories', () => {
    expect(stories.length).toBeGreaterThanOrEqual(30);
  });

  for (const story of stories) {
    it(`${story.title} / ${story.name}`, { timeout: STORY_TIMEOUT_MS + 30_000 }, async () => {
      const { finished, pageErrors, failure } = await outcomes.get(story.id)!.promise;
      expect(failure, 'the story finished').toBeUndefined();
      // Storybook's expect colours its messages; the test report reads better without the escapes.
      expect((finished!.error ?? '').replace(/\u001b\[[0-9;]*m/g, ''), 'play function').toBe('');
      expect(pageErrors).toEqual([]);
      const unhandled = finished!.unhandled ?? [];
      expect(unhandled.filter((message) => !MSW_FLOATING_UPDATE.test(message)), 'errors while playing').toEqual([]);
      const failedReports = (finished!.reporters ?? []).filter((report) => report.status === 'failed');
      expect(failedReports.map((report) => report.type), 'failed reports').toEqual([]);
      // The a11y addon ran axe after the play function, on the state it left.
      const a11y = finished!.reporters?.find((report) => report.type === 'a11y');
      expect(a11y, 'the a11y addon ran axe').toBeDefined();
      expect(a11y!.result?.error, 'axe error').toBeUndefined();
      const violations = (a11y!.result?.violations ?? []).map(
        (v) => `${v.id} (${v.help}): ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
      expect(violations, 'axe violations').toEqual([]);
      // Storybook's own verdict; 'error' is explained above only by msw's floating update.
      expect(finished!.status).toBe(unhandled.length > 0 ? 'error' : 'success');
    });
  }

  // Storybook's Controls table is the prop documentation: every public prop described from its JSDoc, defaults
  // shown, test seams hidden.
  it('documents every public MediaUploader prop from its JSDoc', { timeout: STORY_TIMEOUT_MS + 30_000 }, async () => {
    const { argTypes = {} } = await outcomes.get('mediauploader-basics--empty')!.promise;
    const shown = Object.entries(argTypes).filter(([, argType]) => !argType.table?.disable);
    const names = shown.map(([name]) => name);
    // The props DESIGN.md promises, plus the form-library ones of issue 9.
    for (const prop of ['presign', 'presignHeaders', 'provider', 'name', 'value', 'defaultValue', 'onChange', 'accept', 'maxSize',
      'minSize', 'multiple', 'maxFiles', 'concurrency', 'retry', 'disabled', 'required', 'labels', 'onUploaded', 'onError',
      'className', 'onBlur', 'onPendingChange']) {
      expect(names, prop).toContain(prop);
    }
    expect(names).not.toContain('createXhr');
    const undescribed = shown.filter(([, argType]) => !argType.description?.trim()).map(([name]) => name);
    expect(undescribed, 'props without a description').toEqual([]);
    expect(argTypes.maxSize?.table?.defaultValue?.summary).toMatch(/104857600/);
    expect(argTypes.provider?.table?.defaultValue?.summary).toBe("'auto'");
  });
});
