// Headless Chromium for the bench, driven over the DevTools pipe with nothing but what the bench asks for: navigate,
// evaluate, the CDP commands it reads (busy time, heap, GC) and page errors.
//
// Not Playwright, which the browser tests use: it enables the Network domain on every page, and Chromium then records
// every request for it. In one script on 20 × 5 MB the ideal pipeline took 214 ms with this driver, 319 ms through
// Playwright and 340 ms with this driver plus Network.enable, and the library's overhead hid inside the longer batch.
// Users have no DevTools open.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Chromium, as the browser tests use it; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The headless flags the browser tests use (vitest.config.ts cannot be imported by Node as is: extensionless imports). */
export function chromiumArgs(root = join(import.meta.dirname, '../..')) {
  const match = /export const chromiumArgs = \[([^\]]*)\]/.exec(readFileSync(join(root, 'vitest.config.ts'), 'utf8'));
  if (!match) throw new Error('vitest.config.ts no longer exports chromiumArgs as an array literal: update test/bench/launchChromium.mjs');
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

// Flags Playwright passed that matter for timing: Chromium otherwise lowers the priority of a page and throttles its
// timers when it thinks nobody looks at it. A fixed window size, so layout does the same work on every machine.
// No startup window: the bench's page is the only one, in a browser context of its own.
const BENCH_ARGS = [
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--window-size=1280,720',
  '--no-startup-window',
];

const LAUNCH_TIMEOUT_MS = 30_000;
/** Any command's answer; a crashed or stuck renderer answers nothing, and the bench would wait forever. */
const COMMAND_TIMEOUT_MS = 60_000;
/** One evaluate can be a whole 500 MB upload or a 1,000-file drop, several rounds of it on a loaded machine. */
const EVALUATE_TIMEOUT_MS = 10 * 60_000;
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Starts headless Chromium (CHROMIUM_PATH, the browser tests' flags by default) and opens one page in a browser context
 * of its own. `page.evaluate(expression)` runs a JS expression in the page and resolves with its (awaited, JSON) value;
 * `page.send(method, params)` is a CDP command on the page. Every command fails rather than waits forever: after a
 * timeout, at once if the page crashed or Chromium is gone. `close()` ends Chromium and removes its profile.
 */
export async function launchChromium({ executablePath = CHROMIUM_PATH, args = chromiumArgs() } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  // fd 3: commands in, fd 4: replies and events out, each a JSON text ended by a NUL byte.
  let child;
  try {
    child = spawn(executablePath, [...args, ...BENCH_ARGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const pending = new Map();
  const listeners = new Map();
  /** Sessions that can no longer answer (crashed or detached page), and why. */
  const lost = new Map();
  /** Why the browser can no longer answer at all, once it cannot: every later command fails at once with it. */
  let gone = null;
  const fail = (waiters, reason) => {
    for (const [id, waiter] of waiters) {
      pending.delete(id);
      waiter.reject(new Error(`${waiter.method}: ${reason}`));
    }
  };
  const end = (reason) => {
    if (gone) return;
    gone = reason;
    fail([...pending], `${reason}${stderr.trim() ? `\n${stderr.trim().slice(-500)}` : ''}`);
  };
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => (end(`Chromium exited (${signal ?? `code ${code}`})`), resolve()));
    // Without a pid it never started (a wrong path, ENOENT); with one, it is a failed kill, and 'exit' follows.
    child.on('error', (error) => {
      if (child.pid !== undefined) return;
      end(`Chromium could not be started from ${executablePath} (${error.code ?? error.message}): install it there or set CHROMIUM_PATH to its executable`);
      resolve();
    });
  });
  // A dying browser's pipe fails (EPIPE, ECONNRESET), often just before 'exit' is seen; unheard, it would end Node.
  for (const fd of [3, 4]) child.stdio[fd].on('error', (error) => end(`the DevTools pipe to Chromium broke (${error.code ?? error.message})`));

  const on = (method, handler) => {
    const handlers = listeners.get(method) ?? listeners.set(method, new Set()).get(method);
    handlers.add(handler);
    return () => handlers.delete(handler);
  };
  // The pipe is bytes: a message's UTF-8 can be split across chunks, so only a whole message (up to its NUL) is decoded.
  let buffered = Buffer.alloc(0);
  child.stdio[4].on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (let nul; (nul = buffered.indexOf(0)) !== -1; ) {
      const text = buffered.toString('utf8', 0, nul);
      buffered = buffered.subarray(nul + 1);
      let message;
      try {
        message = JSON.parse(text);
      } catch (error) {
        // Which command it answered cannot be known, and nothing later can be trusted either.
        end(`Chromium sent an unreadable message (${error.message}): ${text.slice(0, 200)}`);
        child.kill('SIGKILL');
        return;
      }
      if (message.id === undefined) {
        for (const handler of listeners.get(message.method) ?? []) handler(message.params, message.sessionId);
        continue;
      }
      const waiter = pending.get(message.id);
      if (message.error) waiter?.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter?.resolve(message.result);
    }
  });
  /** A waiter in `pending`: it settles with its answer, or fails on a timeout, a lost page or a browser gone. */
  const expect = (key, method, sessionId, timeoutMs) =>
    new Promise((resolve, reject) => {
      const unable = gone ?? lost.get(sessionId);
      if (unable) return reject(new Error(`${method}: ${unable}`));
      const timer = setTimeout(() => fail([[key, pending.get(key)]], `nothing came within ${timeoutMs / 1000} s`), timeoutMs);
      const settled = (settle) => (value) => (clearTimeout(timer), pending.delete(key), settle(value));
      pending.set(key, { method, sessionId, resolve: settled(resolve), reject: settled(reject) });
    });
  let ids = 0;
  const send = (method, params = {}, sessionId, timeoutMs = COMMAND_TIMEOUT_MS) => {
    const id = ++ids;
    const answer = expect(id, method, sessionId, timeoutMs);
    if (pending.has(id)) child.stdio[3].write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return answer;
  };
  /** The session's next `method` event, waited for as a command's answer is; `cancel()` stops waiting. */
  const nextEvent = (method, sessionId, timeoutMs = COMMAND_TIMEOUT_MS) => {
    const key = Symbol(method);
    const event = expect(key, method, sessionId, timeoutMs);
    const off = on(method, (params, from) => from === sessionId && pending.get(key)?.resolve(params));
    const promise = Object.assign(event.finally(off), { cancel: () => pending.get(key)?.resolve() });
    // Handled here too: a wait given up on (the command before it failed) must not end Node as an unhandled rejection.
    promise.catch(() => {});
    return promise;
  };
  /** A page that crashed or was closed answers nothing more: its commands fail now, and later ones at once. */
  const lose = (sessionId, reason) => {
    if (lost.has(sessionId)) return;
    lost.set(sessionId, reason);
    fail([...pending].filter(([, waiter]) => waiter.sessionId === sessionId), reason);
  };
  on('Inspector.targetCrashed', (_, sessionId) => lose(sessionId, 'the page crashed (renderer process gone)'));
  on('Target.detachedFromTarget', ({ sessionId }) => lose(sessionId, 'the page was closed (detached from its target)'));

  // Interrupted or ended without close() (an exception on the way, Ctrl-C): no Chromium and no profile left behind.
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const onExit = () => {
    if (running()) child.kill('SIGKILL');
    // Retried: the browser, just killed, may still be writing into it.
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  const onSignal = (signal) => {
    // Re-raised once closed, with no handler of ours left: the process ends as the signal would have ended it.
    void close().finally(() => (process.listenerCount(signal) ? process.exit(128 + constants.signals[signal]) : process.kill(process.pid, signal)));
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let closing;
  const close = () =>
    (closing ??= (async () => {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (running()) {
        // Armed first: a stuck Chromium answers nothing, not even Browser.close (the launch timeout's case).
        const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
        if (gone) child.kill('SIGKILL');
        else send('Browser.close', {}, undefined, CLOSE_TIMEOUT_MS).catch(() => {});
        await exited;
        clearTimeout(timer);
      }
      rmSync(profile, { recursive: true, force: true });
    })());

  try {
    const { product } = await send('Browser.getVersion', {}, undefined, LAUNCH_TIMEOUT_MS);
    // A browser context of its own (a fresh profile's cookies, cache and storage), and its one page.
    const { browserContextId } = await send('Target.createBrowserContext');
    const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const pageSend = (method, params, timeoutMs) => send(method, params, sessionId, timeoutMs);
    // Runtime for evaluate and page errors; Inspector only reports a renderer crash.
    await pageSend('Runtime.enable');
    await pageSend('Inspector.enable');
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await pageSend('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, EVALUATE_TIMEOUT_MS);
      if (exceptionDetails) throw Object.assign(new Error(exceptionDetails.exception?.description ?? exceptionDetails.text), { inPage: true });
      return result.value;
    };
    return {
      version: product.split('/')[1] ?? product,
      close,
      page: {
        send: pageSend,
        evaluate,
        /**
         * Loads `url` and resolves once its load event has fired and `ready` (an expression) is true there. Waiting for
         * the load event first keeps `ready` from being read in the document being left, where it may be true as well.
         */
        async goto(url, ready = 'true') {
          // Page is enabled only while navigating, so it reports nothing during the runs.
          await pageSend('Page.enable');
          const loaded = nextEvent('Page.loadEventFired', sessionId);
          try {
            const { errorText, loaderId } = await pageSend('Page.navigate', { url });
            if (errorText) throw new Error(`${url}: ${errorText}`);
            // No loader: a same-document navigation (only the hash changed), which fires no load event.
            if (loaderId) await loaded;
          } finally {
            loaded.cancel();
            await pageSend('Page.disable').catch(() => {});
          }
          for (let tries = 0; !(await evaluate(ready).catch((error) => (error.inPage ? false : Promise.reject(error)))); tries++) {
            if (tries > 300) throw new Error(`${url}: ${ready} was not true after 30 s`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        },
        /** An uncaught error in the page. Several listeners can be added. */
        onError(listener) {
          on('Runtime.exceptionThrown', ({ exceptionDetails }, from) => {
            if (from === sessionId) listener(exceptionDetails.exception?.description ?? exceptionDetails.text);
          });
        },
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
