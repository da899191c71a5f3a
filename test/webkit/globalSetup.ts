// WebKitGTK has no headless mode: an Xvfb display and Debian's WebKitWebDriver, both on free numbers,
// started once per run. The provider (vitest.config.ts) reads the driver's port from MU_WEBKIT_DRIVER_PORT.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

import { miniBrowserPath, webkitDriverPath } from './provider';

const xvfbPath = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';

const children: ChildProcess[] = [];
// Stopped when vitest's process exits, not in a teardown: the provider still deletes its session after teardown.
process.once('exit', () => {
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Xvfb picks a free display itself (-displayfd) and writes its number once it accepts connections. */
function startXvfb(): Promise<string> {
  const xvfb = spawn(xvfbPath, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  children.push(xvfb);
  let stderr = '';
  xvfb.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      // Nothing more to read: let vitest's process exit without waiting for these handles.
      xvfb.stdio[3]!.destroy();
      xvfb.stderr!.destroy();
      xvfb.unref();
      resolve(`:${out.trim()}`);
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it was ready:\n${stderr}`)));
  });
}

async function startDriver(display: string): Promise<number> {
  const port = await freePort();
  const driver = spawn(webkitDriverPath, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
  });
  children.push(driver);
  const exited = new Promise<never>((_, reject) => {
    driver.once('error', reject);
    driver.once('exit', (code) => reject(new Error(`WebKitWebDriver exited with ${code} before it was ready`)));
  });
  exited.catch(() => {});
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await Promise.race([
      fetch(`http://127.0.0.1:${port}/status`).then((response) => response.ok, () => false),
      exited,
    ]);
    if (ready) {
      driver.unref();
      return port;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within 10 s`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Port of the WebKitWebDriver this run started, for tests that drive WebKit with webdriverio themselves. */
    webkitDriverPort: number;
  }
}

export default async function setup(project: TestProject) {
  const missing = [webkitDriverPath, miniBrowserPath, xvfbPath].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `WebKit tests need ${missing.join(', ')}: apt-get install -y --no-install-recommends webkit2gtk-driver xvfb xauth`,
    );
  }
  const display = await startXvfb();
  const port = await startDriver(display);
  process.env.MU_WEBKIT_DRIVER_PORT = String(port);
  project.provide('webkitDriverPort', port);
}
