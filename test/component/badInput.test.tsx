// The bad-input matrix, browser side: each bad file, presign answer or storage answer ends as a row with a stable
// code and a sentence the user reads, nothing in the form, and no crash. Through the public component only.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { MediaUploader, type MediaUploaderProps, type UploadError } from '../../src/index';
import { createPresignHandler, eachlabs } from '../../src/server';
import { pngFile } from './fixtures';
import { renderInForm } from './render';
import { rowOf } from './rows';

/** A row by the exact name it shows (testing-library's matcher would fold the control characters away). */
const rowNamed = (name: string) => [...document.querySelectorAll('li.mu-file')].find((li) => li.querySelector('.mu-file-name')?.textContent === name);
import { server } from './server';

const STORAGE = 'https://storage.example.com';
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, x-amz-meta-file-id', 'access-control-expose-headers': 'etag' };
const MB = 1024 * 1024;

interface Seen {
  presigns: Record<string, unknown>[];
  puts: { url: string; headers: Record<string, string> }[];
}

/** Presign answers `answer(body)`; storage answers `store` (200 by default) and preflights like S3. */
function backend(answer: (body: Record<string, unknown>, n: number) => Response | Record<string, unknown>, store: () => Response = () => new HttpResponse(null, { status: 200, headers: CORS })): Seen {
  const seen: Seen = { presigns: [], puts: [] };
  const handlers: HttpHandler[] = [
    http.post('*/api/presign', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      seen.presigns.push(body);
      const result = answer(body, seen.presigns.length);
      return result instanceof Response ? result : HttpResponse.json(result);
    }),
    http.options(`${STORAGE}/*`, () => new HttpResponse(null, { status: 204, headers: { ...CORS, 'access-control-allow-methods': 'PUT, POST' } })),
    http.put(`${STORAGE}/*`, async ({ request }) => {
      await request.arrayBuffer();
      seen.puts.push({ url: request.url, headers: Object.fromEntries(request.headers) });
      return store();
    }),
  ];
  server.use(...handlers);
  return seen;
}

const target = (extra: Record<string, unknown> = {}) => ({ uploadUrl: `${STORAGE}/bucket/k1`, publicUrl: 'https://cdn.example.com/k1.png', ...extra });

/** Renders the widget in a form, sends `files`, and waits for each row to end. */
async function send(files: File[], props: Partial<MediaUploaderProps> = {}, timeout = 5000) {
  const errors: UploadError[] = [];
  const { input, values } = renderInForm(
    <MediaUploader name="image" presign="/api/presign" multiple retry={{ retries: 1, baseDelayMs: 1, maxDelayMs: 2 }} onError={(error) => errors.push(error)} {...props} />,
  );
  await userEvent.setup({ applyAccept: false }).upload(input, files);
  await waitFor(() => {
    const rows = [...document.querySelectorAll('li.mu-file')];
    expect(rows).toHaveLength(files.length);
    for (const row of rows) expect(['done', 'error', 'canceled']).toContain(row.getAttribute('data-state'));
  }, { timeout });
  return { errors, values: () => values() };
}

/** The one row's error: its code, and the sentence the row shows (what the user reads). */
async function endsWith(file: File, code: string, words: RegExp, props: Partial<MediaUploaderProps> = {}) {
  const { errors, values } = await send([file], props);
  expect(rowOf(file.name)).toHaveAttribute('data-state', 'error');
  expect(errors.map((e) => e.code)).toEqual([code]);
  expect(within(rowOf(file.name)).getByText(words)).toBeVisible();
  expect(errors[0]!.message).toMatch(/\.$/); // a whole sentence
  expect(values()).toEqual([]); // nothing half-written into the form
}

const bytes = (name: string, content: number[] | string, type = '') =>
  new File([typeof content === 'string' ? content : new Uint8Array(content)], name, { type });
const WAV = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([36, 0, 0, 0], [...'WAVEfmt '].map((c) => c.charCodeAt(0)), new Array(28).fill(0));
const HEIC = [0, 0, 0, 24, ...[...'ftypheic'].map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...[...'mif1heic'].map((c) => c.charCodeAt(0)), ...new Array(40).fill(0)];
const EXE = [0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, ...new Array(56).fill(0)];

describe('bad files', () => {
  beforeEach(() => void backend(() => target()));

  test('0 bytes: file-too-small, "is empty"', () => endsWith(bytes('empty.png', [], 'image/png'), 'file-too-small', /^empty\.png is empty; choose a file with content\.$/));

  test('over maxSize: file-too-large, with both sizes', () =>
    endsWith(pngFile('big.png', 3 * MB), 'file-too-large', /^big\.png is 3 MB; the limit is 1 MB\.$/, { maxSize: MB }));

  test('bytes that disagree with the name (a WAV named .png, images only): the bytes win', () =>
    endsWith(bytes('photo.png', WAV, 'image/png'), 'file-invalid-type', /^photo\.png is .*wav.*; only .*image.* accepted\.$/i, { accept: 'image/*' }));


  test('bytes of no known format named .png (text renamed fake.png): file-invalid-type, saying so', () =>
    endsWith(bytes('fake.png', 'just some text, not an image at all', 'image/png'), 'file-invalid-type', /^fake\.png .*its bytes match no known format.*; only image, video or audio files are accepted\.$/));

  test('a right-to-left mark hiding an .exe: the bytes decide, not the name it shows', () =>
    endsWith(bytes('invoice\u202Egnp.exe', EXE, 'image/png'), 'file-invalid-type', /only image, video or audio files are accepted/));

  test('HEIC where only JPEG and PNG are accepted: file-invalid-type naming HEIC', () =>
    endsWith(bytes('IMG_0001.heic', HEIC, ''), 'file-invalid-type', /^IMG_0001\.heic is .*HEIC.*; only .* accepted\.$/i, { accept: 'image/jpeg,image/png' }));

  test('a dropped folder (no type, no bytes a format has): refused with words, never presigned', async () => {
    const seen = backend(() => target());
    await endsWith(bytes('Holiday photos', new Array(4096).fill(0), ''), 'file-invalid-type', /^Holiday photos is a file of unknown type; only .* accepted\.$/);
    expect(seen.presigns).toEqual([]);
  });

  test('an empty MIME type on PNG bytes: typed by its bytes and presigned as image/png', async () => {
    const seen = backend(() => target());
    const { values } = await send([pngFile('no-type.png', 2048, '')]);
    expect(seen.presigns[0]).toMatchObject({ contentType: 'image/png', fileType: 'image' });
    expect(seen.puts[0]!.headers['content-type']).toBe('image/png');
    expect(values()).toEqual(['https://cdn.example.com/k1.png']);
  });

  test.each([
    ['path separators', '../../etc/passwd.png'],
    ['control characters', 'a\u0000b\u0007c\nd.png'],
    ['300 characters', `${'x'.repeat(296)}.png`],
  ])('a name with %s uploads, shown as given, and the value is what the server chose', async (_, name) => {
    const seen = backend(() => target());
    const { values } = await send([pngFile(name)]);
    expect(rowNamed(name)).toHaveAttribute('data-state', 'done');
    expect(seen.presigns[0]!.filename).toBe(name); // sent as data in JSON; the server names the object
    expect(seen.puts[0]!.url).toBe(`${STORAGE}/bucket/k1`);
    expect(values()).toEqual(['https://cdn.example.com/k1.png']);
  });

  test('1,000 files at once with maxFiles 3: three go, the rest are refused by name, one presign each', async () => {
    const seen = backend((_, n) => target({ uploadUrl: `${STORAGE}/bucket/k${n}`, publicUrl: `https://cdn.example.com/k${n}.png` }));
    const files = Array.from({ length: 1000 }, (_, i) => pngFile(`p${i}.png`, 64));
    const { errors, values } = await send(files, { maxFiles: 3 }, 50_000);
    expect(seen.presigns).toHaveLength(3);
    expect(errors).toHaveLength(997);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['too-many-files']));
    expect(within(rowOf('p999.png')).getByText('p999.png was not added: at most 3 files can be uploaded.')).toBeVisible();
    expect(values()).toHaveLength(3);
  }, 60_000);

  test('the same file twice: two rows, two uploads, two values in pick order', async () => {
    const seen = backend((_, n) => target({ uploadUrl: `${STORAGE}/bucket/k${n}`, publicUrl: `https://cdn.example.com/k${n}.png` }));
    const file = pngFile('twice.png');
    const { values } = await send([file, file]);
    expect(screen.getAllByText('twice.png', { selector: '.mu-file-name' })).toHaveLength(2);
    expect(seen.puts).toHaveLength(2);
    // The two picks are the same bytes and name: which presign each got is a race; both values are there once.
    expect([...values()].sort()).toEqual(['https://cdn.example.com/k1.png', 'https://cdn.example.com/k2.png']);
  });
});

describe('bad presign answers', () => {
  const cases: [string, () => Response | Record<string, unknown>, string, RegExp][] = [
    ['missing fields', () => ({ publicUrl: 'https://cdn.example.com/a.png' }), 'presign-invalid-response', /^The presign response has no upload URL/],
    ['a javascript: URL', () => target({ uploadUrl: 'javascript:alert(1)' }), 'presign-invalid-response', /only https targets .* are used, so the file was not sent\.$/],
    ['a data: URL', () => target({ uploadUrl: 'data:text/html,<b>x</b>' }), 'presign-invalid-response', /uses data .*; only https targets/],
    ['http: to a non-local host', () => target({ uploadUrl: 'http://storage.example.com/bucket/k1' }), 'presign-invalid-response', /uses http on storage\.example\.com; only https targets/],
    ['a javascript: public URL for the form', () => target({ publicUrl: 'javascript:alert(1)' }), 'presign-invalid-response', /only https URLs .* are put in the form\.$/],
    ['non-JSON', () => new HttpResponse('<!doctype html><p>Sign in</p>', { headers: { 'content-type': 'text/html' } }), 'presign-invalid-response', /^The presign response is not JSON\.$/],
    ['a 3xx with no place to go', () => new HttpResponse(null, { status: 302 }), 'presign-failed', /^The presign request for bad\.png failed with status 302\.$/],
    ['200 with {error}', () => ({ error: 'Quota exceeded for this account' }), 'presign-failed', /^The presign request for bad\.png failed: Quota exceeded for this account\.$/],
  ];
  test.each(cases)('%s', async (_, answer, code, words) => {
    const seen = backend(answer);
    await endsWith(pngFile('bad.png'), code, words);
    expect(seen.puts).toEqual([]); // nothing was sent anywhere
  });

  test.each([
    ['too large', { maxSize: 1024 }, pngFile('big.png', 3 * 1024), 'file-too-large', /^The server refused big\.png: The file is 3 KB; the limit is 1 KB\.$/],
    ['of a type it does not take', { accept: ['video/*'] }, pngFile('big.png'), 'file-invalid-type', /^The server refused big\.png: .*video/],
  ] as const)('our server handler refuses a file %s: its code and words, Remove and no Retry, not retried', async (_, rules, file, code, words) => {
    // The app's server is stricter than the browser's options: the real handler answers (its 400 with the browser's codes).
    const handler = createPresignHandler({ provider: eachlabs({ apiKey: 'test-key' }), ...rules });
    let presigns = 0;
    server.use(http.post('*/api/presign', ({ request }) => (presigns++, handler(request))));
    await endsWith(file, code, words);
    expect(presigns).toBe(1); // a refusal of the file is final: not retried
    const row = rowOf(file.name);
    expect(within(row).queryByRole('button', { name: /retry/i })).toBeNull();
    expect(within(row).getByRole('button', { name: /remove/i })).toBeEnabled();
  });

  test('an expiry in the past: presigned again before any byte goes to the stale URL', async () => {
    const seen = backend((_, n) =>
      target({ uploadUrl: `${STORAGE}/bucket/k${n}`, expiresAt: n === 1 ? '2001-01-01T00:00:00Z' : new Date(Date.now() + 600_000).toISOString() }),
    );
    const { values } = await send([pngFile('stale.png')]);
    expect(seen.presigns).toHaveLength(2);
    expect(seen.puts.map((p) => p.url)).toEqual([`${STORAGE}/bucket/k2`]);
    expect(values()).toEqual(['https://cdn.example.com/k1.png']);
  });

  test('headers a browser forbids (Host, Content-Length, Cookie) never reach storage', async () => {
    const seen = backend(() => target({ headers: { Host: 'evil.example', 'Content-Length': '1', Cookie: 'session=stolen' } }));
    await send([pngFile('forbidden.png')]);
    for (const put of seen.puts) {
      expect(put.headers.host).not.toBe('evil.example');
      expect(put.headers.cookie).toBeUndefined();
      expect(put.headers['content-length']).not.toBe('1');
    }
  });
});

describe('bad storage answers', () => {
  const s3 = (status: number, code: string, message: string) =>
    new HttpResponse(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`, { status, headers: { ...CORS, 'content-type': 'application/xml' } });

  test('413: upload-failed with storage\'s words, not retried', async () => {
    const seen = backend(() => target(), () => s3(413, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'));
    await endsWith(pngFile('huge.png'), 'upload-failed', /^Storage refused huge\.png with status 413 \(Your proposed upload exceeds the maximum allowed size\)\.$/);
    expect(seen.puts).toHaveLength(1);
  });

  test('507: upload-failed after its retries, saying to try again', async () => {
    const seen = backend(() => target(), () => s3(507, 'InsufficientStorage', 'Not enough space'));
    await endsWith(pngFile('full.png'), 'upload-failed', /^Storage refused full\.png with status 507 \(Not enough space\)\. Try again in a moment\.$/);
    expect(seen.puts.length).toBeGreaterThan(1);
  });

  test('200 with no body where the value comes from the answer (multipart POST): upload-failed, no value', async () => {
    server.use(http.post(`${STORAGE}/form`, () => new HttpResponse(null, { status: 200, headers: CORS })));
    backend(() => ({ uploadUrl: `${STORAGE}/form`, method: 'POST', fileField: 'file' }));
    await endsWith(pngFile('empty-answer.png'), 'upload-failed', /^empty-answer\.png was uploaded, but the storage answer had no URL or file id to use\.$/);
  });

  test('200 with no body on a PUT: done, the presigned public URL is the value', async () => {
    backend(() => target());
    const { values } = await send([pngFile('fine.png')]);
    expect(values()).toEqual(['https://cdn.example.com/k1.png']);
  });
  test('a redirect to another origin that answers 200: the upload is not trusted, no value', async () => {
    const elsewhere = 'https://elsewhere.example.net';
    server.use(
      http.options(`${elsewhere}/*`, () => new HttpResponse(null, { status: 204, headers: { ...CORS, 'access-control-allow-methods': 'PUT, POST' } })),
      http.post(`${elsewhere}/*`, () => HttpResponse.json({ url: `${elsewhere}/planted.png` }, { headers: CORS })),
    );
    server.use(http.post(`${STORAGE}/form`, () => new HttpResponse(null, { status: 307, headers: { ...CORS, location: `${elsewhere}/taken` } })));
    backend(() => ({ uploadUrl: `${STORAGE}/form`, method: 'POST', fileField: 'file' }));
    await endsWith(pngFile('redirected.png'), 'upload-failed', /^Storage sent redirected\.png on to another site \(https:\/\/elsewhere\.example\.net\)/);
  });

  test('a 3xx with no place to go: upload-failed naming the status', async () => {
    backend(() => target(), () => new HttpResponse(null, { status: 302, headers: CORS }));
    await endsWith(pngFile('moved.png'), 'upload-failed', /^Storage refused moved\.png with status 302\.$/);
  });
});
