// The presign endpoint's refusal is read by code loaded only when one comes (presignRefusal.ts). Its own file: a gated
// load leaves the module cache unlike the other presign tests expect.
import { afterEach, expect, it, vi } from 'vitest';
import { FakeXhr, nativeTarget, png, setup, until, useUploaderTestClock } from './helpers';

useUploaderTestClock();
afterEach(() => {
  vi.unstubAllGlobals();
  vi.doUnmock('../../src/core/presignRefusal');
});

/** presignRefusal.ts loads only once `open` is called; `asked` says whether its load has begun. */
function gateRefusalCode() {
  let open!: () => void;
  let asked = false;
  const gate = new Promise<void>((resolve) => (open = resolve));
  vi.resetModules(); // an earlier test's load is not reused
  vi.doMock('../../src/core/presignRefusal', async (importOriginal) => {
    asked = true;
    await gate;
    return importOriginal();
  });
  return { open, asked: () => asked };
}

it('a refusal whose words load after the presign timeout keeps its status, with a plain sentence: not a timeout', async () => {
  const { open, asked } = gateRefusalCode();
  vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: 'Quota exceeded' }, { status: 400 })));
  const { uploader, file } = setup({ presign: '/presign', presignTimeoutMs: 1000 });
  await uploader.upload([png('a.png')]);
  await until(asked, 'the refusal\'s words to be loading');
  await vi.advanceTimersByTimeAsync(5_000); // the 1 s timeout fires while they load
  await until(() => file().status === 'error');
  expect(file().error).toMatchObject({ code: 'presign-failed', status: 400, message: 'The presign request for a.png failed.', cause: { error: 'Quota exceeded' } });
  open();
  uploader.destroy();
});

it('a refusal whose words load in time keeps them', async () => {
  const { open, asked } = gateRefusalCode();
  vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: 'Quota exceeded' }, { status: 400 })));
  const { uploader, file } = setup({ presign: '/presign', presignTimeoutMs: 1000 });
  await uploader.upload([png('a.png')]);
  await vi.advanceTimersByTimeAsync(500);
  open();
  await until(() => file().status === 'error');
  expect(file().error).toMatchObject({ code: 'presign-failed', status: 400, message: 'The presign request for a.png failed with status 400: Quota exceeded.' });
  uploader.destroy();
});

it('a cancel while a refusal\'s words load frees the upload slot at once', async () => {
  const { open, asked } = gateRefusalCode();
  let calls = 0;
  vi.stubGlobal('fetch', vi.fn(async () => (++calls === 1 ? Response.json({ error: 'busy' }, { status: 503 }) : Response.json(nativeTarget()))));
  const { uploader, file } = setup({ presign: '/presign', concurrency: 1, multiple: true });
  await uploader.upload([png('a.png'), png('b.png')]);
  await until(asked, 'the refusal\'s words to be loading');
  uploader.cancel(file(0).id);
  await until(() => FakeXhr.all.length === 1, 'the second file to be sent');
  expect(file(0).status).toBe('canceled');
  open();
  uploader.destroy();
});

it.each([
  ['load late', undefined],
  ['load only after the presign timeout', 1000],
])('a 429 still waits for its Retry-After when its words %s', async (_, presignTimeoutMs) => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
  const { open, asked } = gateRefusalCode();
  let calls = 0;
  vi.stubGlobal('fetch', vi.fn(async () => (++calls === 1 ? new Response('{}', { status: 429, headers: { 'Retry-After': '20' } }) : Response.json(nativeTarget()))));
  const { uploader } = setup({ presign: '/presign', presignTimeoutMs });
  await uploader.upload([png('a.png')]);
  await until(asked, 'the refusal\'s words to be loading');
  if (presignTimeoutMs) await vi.advanceTimersByTimeAsync(1_100); // the timeout: the plain sentence
  else {
    open();
    await vi.dynamicImportSettled();
  }
  await vi.advanceTimersByTimeAsync(18_900);
  expect(calls).toBe(1); // the backoff alone would have tried again after 0.5 s
  await vi.advanceTimersByTimeAsync(2_000);
  await until(() => FakeXhr.all.length === 1, 'the upload after the wait');
  expect(calls).toBe(2);
  open();
  uploader.destroy();
});
