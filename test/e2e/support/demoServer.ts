// Runs `npm start`'s script as a child process on a free port with its own data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../..');

export interface DemoServer {
  url: string;
  output: () => string;
  /** SIGTERM, then the exit code (the script stops Vite and s3rver and exits 0). */
  stop: () => Promise<number | null>;
}

export function startDemo(env: Record<string, string>, timeoutMs = 60_000): Promise<DemoServer> {
  const child: ChildProcess = spawn(process.execPath, [resolve(repo, 'scripts/start.mjs')], {
    cwd: repo,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The demo did not print its URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ url: match[1]!, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The demo exited with ${code} before it was ready:\n${output}`));
    });
  });
}
