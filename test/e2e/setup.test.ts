// The machine's own Node 20: `npm start` through scripts/setup.mjs brings Node 22 (.tools/) and re-runs itself
// with it, then serves the demo; SIGTERM travels down the chain and everything stops cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const systemNode = '/usr/bin/node';
const systemMajor = existsSync(systemNode)
  ? Number(spawnSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout)
  : 0;

it.skipIf(systemMajor === 0 || systemMajor >= 22)('npm start on Node 20 re-runs itself on Node 22 and serves the demo', async () => {
  const data = await mkdtemp(join(tmpdir(), 'mu-setup-'));
  // npm puts the Node it runs on first on PATH; so does this test, with the system's Node 20.
  const child = spawn(systemNode, [join(repo, 'scripts/setup.mjs'), 'start'], {
    cwd: repo,
    env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}`, PORT: '0', MEDIA_UPLOADER_DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    const url = await new Promise<string>((found, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match) found(match[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => reject(new Error(`setup.mjs exited with ${code} before the demo was up:\n${output}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // The presign route answers from the Node 22 process (Promise.withResolvers would not exist on Node 20).
    const presign = await fetch(`${url}api/presign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filename: 'a.png', contentType: 'image/png', size: 10, fileType: 'image' }),
    });
    expect(presign.status).toBe(200);
    expect(await presign.json()).toMatchObject({ method: 'PUT', publicUrl: expect.stringMatching(/\/media\/[\w-]+\.png$/) });
    expect(output).not.toMatch(/needs Node 22/);
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await rm(data, { recursive: true, force: true });
  }
});

// package.json `engines` promises apps Node >= 20.3 for the server entry: the built entry, on the machine's Node 20.
it.skipIf(systemMajor === 0 || systemMajor >= 22)('the built server entry presigns on Node 20 (what engines promises apps)', () => {
  if (!existsSync(join(repo, 'dist/server.js'))) spawnSync('npm', ['run', 'build', '--silent'], { cwd: repo });
  const script = `
    import { createPresignHandler, modelroute } from ${JSON.stringify(join(repo, 'dist/server.js'))};
    const expiresAt = new Date(Date.now() + 600000).toISOString();
    const fetch = async () => Response.json({ file_id: 'file-1', upload_url: 'https://storage.example/put', expires_at: expiresAt });
    const handler = createPresignHandler({ provider: modelroute({ apiKey: 'key', fetch }) });
    const body = JSON.stringify({ filename: 'a.png', contentType: 'image/png', size: 10, fileType: 'image' });
    const response = await handler(new Request('http://app.example/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    console.log(JSON.stringify({ status: response.status, body: await response.json() }));`;
  const run = spawnSync(systemNode, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({
    status: 200,
    body: { uploadUrl: 'https://storage.example/put', method: 'PUT', headers: { 'Content-Type': 'image/png' }, fileId: 'file-1', expiresAt: expect.any(String) },
  });
});
