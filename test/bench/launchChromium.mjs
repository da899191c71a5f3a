// Headless Chromium for the bench, driven over the DevTools pipe with nothing but what the bench asks for: navigate,
// evaluate, the CDP commands it reads (busy time, heap, GC) and page errors.
//
// Not Playwright, which the browser tests use: it enables the Network domain on every page, and Chromium then records
// every request for it. On 20 × 5 MB that took the ideal pipeline from about 240 ms to 340 ms (a bare CDP driver with
// and without Network.enable, same machine), and the library's overhead hid inside the longer batch: the reference, a
// bare React list, measured 1.07-1.18× the ideal pipeline under Playwright and 1.01-1.03× without it. Users have no
// DevTools open.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * Starts headless Chromium with `args` and opens one page. `page.evaluate(expression)` runs a JS expression in the
 * page and resolves with its (awaited, JSON) value; `page.send(method, params)` is a CDP command on the page.
 */
export async function launchChromium({ executablePath, args }) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  // fd 3: commands in, fd 4: replies and events out, each a JSON text ended by a NUL byte.
  const child = spawn(executablePath, [...args, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const pending = new Map();
  const listeners = new Map();
  let ids = 0;
  let buffered = '';
  child.stdio[4].on('data', (chunk) => {
    const parts = (buffered + chunk.toString('utf8')).split('\0');
    buffered = parts.pop();
    for (const part of parts) {
      const message = JSON.parse(part);
      if (message.id === undefined) {
        listeners.get(message.method)?.(message.params);
        continue;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter?.resolve(message.result);
    }
  });
  void exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`Chromium exited (${code}): ${stderr.trim().slice(-500)}`));
    pending.clear();
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = ++ids;
      pending.set(id, { method, resolve, reject });
      child.stdio[3].write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  const close = async () => {
    if (child.exitCode === null) {
      await Promise.race([send('Browser.close').catch(() => {}), exited]);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const launched = send('Browser.getVersion');
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`Chromium did not answer within ${LAUNCH_TIMEOUT_MS / 1000} s`)), LAUNCH_TIMEOUT_MS).unref());
    const { product } = await Promise.race([launched, timeout]);
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const pageSend = (method, params) => send(method, params, sessionId);
    await pageSend('Runtime.enable');
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await pageSend('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    };
    return {
      version: product.split('/')[1] ?? product,
      close,
      page: {
        send: pageSend,
        evaluate,
        /** Loads `url` and resolves once `ready` (an expression) is true there. */
        async goto(url, ready) {
          await pageSend('Page.navigate', { url });
          for (let tries = 0; !(await evaluate(ready).catch(() => false)); tries++) {
            if (tries > 300) throw new Error(`${url}: ${ready} was not true after 30 s`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        },
        /** An uncaught error in the page. */
        onError(listener) {
          listeners.set('Runtime.exceptionThrown', ({ exceptionDetails }) => listener(exceptionDetails.exception?.description ?? exceptionDetails.text));
        },
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
