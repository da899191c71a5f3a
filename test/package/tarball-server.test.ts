// Issue acceptance: the packed tarball's `media-uploader/server`, used as an app would, against a local fake eachlabs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
// Inside the repo, so the package's own dependencies resolve from the repo's node_modules, as if installed.
const app = join(root, 'test-results', 'tarball-app');

beforeAll(() => {
  rmSync(app, { recursive: true, force: true });
  const installed = join(app, 'node_modules', 'media-uploader');
  mkdirSync(installed, { recursive: true });
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', app], { cwd: root, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync('tar', ['-xzf', join(app, tarball), '-C', installed, '--strip-components=1']);
});

it('presigns through a fake eachlabs from the packed package, and refuses text/plain before calling it', () => {
  writeFileSync(
    join(app, 'check.mjs'),
    `
import { createServer } from 'node:http';
import { createPresignHandler, eachlabs } from 'media-uploader/server';

const seen = [];
const fake = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, key: req.headers['x-api-key'], body: JSON.parse(body) });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      id: 'abc', presigned_url: 'https://storage.example/u/abc?X-Amz-Signature=1', public_url: 'https://cdn.example/u/abc.png',
      expires_at: new Date(Date.now() + 900000).toISOString(), required_headers: { 'x-amz-meta-file-id': 'abc' },
    }));
  });
});
await new Promise((r) => fake.listen(0, '127.0.0.1', r));
const baseUrl = 'http://127.0.0.1:' + fake.address().port;
const handler = createPresignHandler({ provider: eachlabs({ apiKey: 'sk-secret-key', baseUrl }), accept: ['image/*'] });
const post = (body) => handler(new Request('http://app.local/api/presign', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
}));
const ok = await post({ filename: 'cat.png', contentType: 'image/png', size: 3_000_000, fileType: 'image' });
const okText = await ok.text();
const refused = await post({ filename: 'notes.txt', contentType: 'text/plain', size: 10, fileType: 'other' });
const refusedText = await refused.text();
fake.close();
console.log(JSON.stringify({ ok: { status: ok.status, body: JSON.parse(okText), raw: okText }, refused: { status: refused.status, body: JSON.parse(refusedText) }, seen }));
`,
  );
  const run = spawnSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);

  // The fake received the documented request: POST /v1/upload/presign, X-API-Key, {content_type, file_type}.
  expect(result.seen).toHaveLength(1);
  expect(result.seen[0]).toMatchObject({
    method: 'POST',
    url: '/v1/upload/presign',
    key: 'sk-secret-key',
    body: { content_type: 'image/png', file_type: 'image' },
  });
  // The browser gets the native shape, with the required header, and never the key.
  expect(result.ok.status).toBe(200);
  expect(result.ok.body).toMatchObject({
    uploadUrl: 'https://storage.example/u/abc?X-Amz-Signature=1',
    method: 'PUT',
    publicUrl: 'https://cdn.example/u/abc.png',
    headers: { 'Content-Type': 'image/png', 'x-amz-meta-file-id': 'abc' },
  });
  expect(result.ok.raw).not.toContain('sk-secret-key');
  // text/plain under accept image/* is a 400 with a stable code, and the provider was not called for it.
  expect(result.refused.status).toBe(400);
  expect(result.refused.body.error.code).toBe('file-invalid-type');
  expect(result.refused.body.error.message).toMatch(/\w+ \w+/);
});
