import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeXhr, nativeTarget, png, setup, until, untilPastOfflineWait, useUploaderTestClock } from './helpers';

useUploaderTestClock();
afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(answer: () => Response) {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => answer());
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('presign by URL', () => {
  it('POSTs JSON {filename, contentType, size, fileType} with same-origin credentials and presignHeaders', async () => {
    const fetch = stubFetch(() => json(nativeTarget()));
    const { uploader } = setup({ presign: '/api/uploads/presign', presignHeaders: () => ({ 'X-CSRF': 't0k' }) });
    await uploader.upload([png('cat.png', 2048)]);
    await until(() => FakeXhr.all.length === 1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/uploads/presign');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-CSRF': 't0k' });
    expect(JSON.parse(init.body as string)).toEqual({ filename: 'cat.png', contentType: 'image/png', size: 2048, fileType: 'image' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    // The app's headers never go to storage.
    expect(FakeXhr.last().requestHeaders).toEqual({ 'Content-Type': 'image/png' });
  });

  it('a File with no name (an app\'s new File([blob], \'\')) is listed and presigned as upload, not as ""', async () => {
    const fetch = stubFetch(() => json(nativeTarget()));
    const { uploader, file } = setup({ presign: '/presign' });
    const nameless = new File([png('a.png', 2048)], '', { type: 'image/png' });
    await uploader.upload([nameless]);
    await until(() => FakeXhr.all.length === 1);
    expect(JSON.parse(fetch.mock.calls[0]![1].body as string)).toMatchObject({ filename: 'upload', contentType: 'image/png', size: 2048 });
    expect(file().name).toBe('upload');
  });

  it('a File with no name stays the File the app gave (UploadFile.file), prepared and presigned as upload all the same', async () => {
    const fetch = stubFetch(() => json(nativeTarget()));
    const seen: string[] = [];
    const { uploader, file } = setup({
      presign: '/presign',
      // Prepared in its upload slot (prepareStep), not with its check.
      prepare: { transform: async (picked) => (seen.push(picked.name), picked) },
    });
    const nameless = new File([png('a.png', 2048)], '', { type: 'image/png' });
    await uploader.upload([nameless]);
    await until(() => FakeXhr.all.length === 1);
    expect(file().file).toBe(nameless);
    expect(seen).toEqual(['upload']);
    expect(JSON.parse(fetch.mock.calls[0]![1].body as string)).toMatchObject({ filename: 'upload', contentType: 'image/png' });
  });

  it('a refused File with no name is named upload in its error', async () => {
    const { uploader, file } = setup({ presign: '/presign', maxSize: 1000 });
    await uploader.upload([new File([png('a.png', 2048)], '', { type: 'image/png' })]);
    await until(() => file().status === 'error');
    expect(file().error?.message).toMatch(/^upload is 2/);
  });

  it.each([
    [{ error: { code: 'unauthorized', message: 'Sign in to upload up to 10 MB.' } }, 401, 'Sign in to upload up to 10 MB.'],
    [{ error: 'content_type is required' }, 400, 'content_type is required'],
    [{ code: 401, msg: 'Invalid or missing API key' }, 401, 'Invalid or missing API key'],
  ])('a presign HTTP error is presign-failed with the server words (%o)', async (body, status, words) => {
    const fetch = stubFetch(() => json(body, status));
    const { uploader, file, onError } = setup({ presign: '/presign' });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({
      code: 'presign-failed',
      status,
      // One full stop, whether the server's words end with one or not (never "10 MB..").
      message: `The presign request for a.png failed with status ${status}: ${words.replace(/\.$/, '')}.`,
    });
    expect(onError).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(FakeXhr.all).toHaveLength(0);
  });

  it.each([
    [{ error: { code: 'file-too-large', message: 'Files up to 10 MB.' } }, 400, 'file-too-large', 'The server refused a.png: Files up to 10 MB.'],
    [{ error: { code: 'file-invalid-type' } }, 415, 'file-invalid-type', 'The server refused a.png.'],
  ])('a presign refusal of the file with its own code (%o) is that rejection, not retried', async (body, status, code, message) => {
    const fetch = stubFetch(() => json(body, status));
    const { uploader, file } = setup({ presign: '/presign' });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code, status, message, cause: body });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [{ error: { code: 'file-too-large', message: 'Busy' } }, 503],
    [{ error: { code: 'file-anything', message: 'Busy' } }, 400],
  ])('a file code outside ours, or on a status worth retrying, stays presign-failed (%o, %i)', async (body, status) => {
    stubFetch(() => json(body, status));
    const { uploader, file } = setup({ presign: '/presign', retry: false });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'presign-failed', status });
  });

  it('a 502 is retried, then succeeds', async () => {
    let calls = 0;
    stubFetch(() => (++calls === 1 ? json({ error: { message: 'Provider down' } }, 502) : json(nativeTarget())));
    const { uploader } = setup({ presign: '/presign' });
    await uploader.upload([png()]);
    await vi.advanceTimersByTimeAsync(1100);
    await until(() => FakeXhr.all.length === 1);
    expect(calls).toBe(2);
  });

  it.each([
    ['provider-unauthorized', "eachlabs refused the server's API key: Invalid API key"],
    ['provider-rejected', 'eachlabs rejected the upload: content_type is not supported'],
  ])('our server handler\'s 502 %s (a wrong API key, a provider\'s 4xx) ends at once: no retry can pass', async (code, words) => {
    const fetch = stubFetch(() => json({ error: { code, message: words } }, 502));
    const { uploader, file, onError } = setup({ presign: '/presign' });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'presign-failed', status: 502, message: `The presign request for a.png failed with status 502: ${words}.` });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['provider-error', 502],
    ['provider-timeout', 504],
  ])('our server handler\'s %s (%i) is still retried, 3 times', async (code, status) => {
    const fetch = stubFetch(() => json({ error: { code, message: 'eachlabs failed: HTTP 503' } }, status));
    const { uploader, file } = setup({ presign: '/presign' });
    await uploader.upload([png('a.png')]);
    await vi.advanceTimersByTimeAsync(60_000);
    await until(() => file().status === 'error');
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(file().error).toMatchObject({ code: 'presign-failed', status });
  });

  it('an answer that is not JSON is presign-invalid-response', async () => {
    stubFetch(() => new Response('<html>login</html>', { status: 200 }));
    const { uploader, file } = setup({ presign: '/presign' });
    await uploader.upload([png()]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'presign-invalid-response', message: 'The presign response is not JSON.' });
  });

  it.each([
    [{ error: { code: 'quota', message: 'Monthly upload quota reached' } }, 'Monthly upload quota reached'],
    [{ error: 'Not allowed for this plan.' }, 'Not allowed for this plan'],
    [{ error: true }, 'the server answered an error'],
  ])('a 200 that carries an error (%o) fails with the server words, once', async (body, words) => {
    const fetch = stubFetch(() => json(body));
    const { uploader, file } = setup({ presign: '/presign' });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'presign-failed', status: 200, message: `The presign request for a.png failed: ${words}.` });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(FakeXhr.all).toHaveLength(0);
  });

  it('a presign function may return a fetch Response, or throw an UploadError of its own', async () => {
    const { uploader, file } = setup({ presign: async () => json({ error: 'Quota exceeded' }, 429) , retry: false });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'presign-failed', status: 429, message: 'The presign request for a.png failed with status 429: Quota exceeded.' });

    const ok = setup({ presign: async () => json(nativeTarget()) });
    await ok.uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    ok.uploader.destroy();

    const own = setup({
      presign: async () => {
        throw { code: 'presign-failed', message: 'Sign in again to upload.', status: 401 };
      },
    });
    await own.uploader.upload([png()]);
    await until(() => own.file().status === 'error');
    expect(own.file().error).toEqual({ code: 'presign-failed', message: 'Sign in again to upload.', status: 401 });
  });

  it("another library's error with a string code (axios' ERR_NETWORK) is no UploadError: presign-failed, retried", async () => {
    const axiosError = () => Object.assign(new Error('Network Error'), { name: 'AxiosError', code: 'ERR_NETWORK' });
    let calls = 0;
    const { uploader, file, onError } = setup({
      presign: async () => {
        if (++calls === 1) throw axiosError();
        throw Object.assign(axiosError(), { code: 'ERR_BAD_RESPONSE', status: 503 });
      },
      retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 },
    });
    await uploader.upload([png('a.png')]);
    await vi.advanceTimersByTimeAsync(100);
    await until(() => file().status === 'error');
    expect(calls).toBe(2);
    expect(file().error).toMatchObject({ code: 'presign-failed', status: 503, message: 'Could not get an upload link for a.png: Network Error.' });
    expect(onError.mock.calls[0]![0].code).toBe('presign-failed');
  });

  it("an app's own lower-case code outside ours (forbidden) is no UploadError: onError only ever hears our codes", async () => {
    const { uploader, file, onError } = setup({
      presign: async () => {
        throw { code: 'forbidden', message: 'No quota left', status: 403 };
      },
    });
    await uploader.upload([png('a.png')]);
    await until(() => file().status === 'error');
    expect(file().error).toMatchObject({ code: 'presign-failed', status: 403 });
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(['presign-failed']);
  });

  it('an unreachable presign endpoint is presign-failed, retried like a network error', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const { uploader, file } = setup({ presign: '/presign', retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    await uploader.upload([png('a.png')]);
    await vi.advanceTimersByTimeAsync(100);
    await untilPastOfflineWait(() => file().status === 'error');
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(file().error?.message).toBe('Could not get an upload link for a.png: the presign request failed. Check your connection.');
  });

  it("a TypeError from a bug in the app's presign function is not said to be a network failure; the error is its cause", async () => {
    const bug = vi.fn(async (req: { filename: string }) => (undefined as unknown as Record<string, { url: string }>)[req.filename]!.url);
    const { uploader, file, onError } = setup({ presign: bug, retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    await uploader.upload([png('a.png')]);
    await vi.advanceTimersByTimeAsync(100);
    await untilPastOfflineWait(() => file().status === 'error');
    // What a fetch failure also throws: the two cannot be told apart, so the sentence is true of both.
    expect(bug).toHaveBeenCalledTimes(2); // retried, as a network failure is
    expect(file().error?.code).toBe('presign-failed');
    expect(file().error?.message).toBe('Could not get an upload link for a.png: the presign request failed. Check your connection.');
    // The developer's lead: the very error the function threw.
    expect(file().error?.cause).toBeInstanceOf(TypeError);
    expect(String(file().error?.cause)).toMatch(/undefined/);
    expect(onError.mock.calls[0]![0].cause).toBe(file().error?.cause);
  });

  it('an insecure http target is rejected and nothing is sent', async () => {
    const { uploader, file } = setup({}, () => nativeTarget({ uploadUrl: 'http://storage.example.com/x' }));
    await uploader.upload([png()]);
    await until(() => file().status === 'error');
    expect(file().error?.code).toBe('presign-invalid-response');
    expect(FakeXhr.all).toHaveLength(0);
  });
});

describe('targets from each provider reach storage as documented', () => {
  it('eachlabs: required headers verbatim plus the presigned Content-Type; value is public_url', async () => {
    const { uploader, file } = setup({ provider: 'eachlabs' }, () => ({
      presigned_url: 'https://eachlabs-storage.s3.amazonaws.com/u?X-Amz-Signature=1',
      public_url: 'https://cdn-us.eachlabs.ai/u.png',
      expires_at: new Date(Date.now() + 900_000).toISOString(),
      required_headers: { 'x-amz-meta-file-id': '0dce0f44' },
    }));
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    expect(FakeXhr.last().requestHeaders).toEqual({ 'x-amz-meta-file-id': '0dce0f44', 'Content-Type': 'image/png' });
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    expect(file().value).toBe('https://cdn-us.eachlabs.ai/u.png');
  });

  it('modelroute: the value is the file id', async () => {
    const { uploader, file } = setup({}, () => ({ file_id: 'file_1', upload_url: 'https://storage.modelroute.ai/u?s=1', expires_at: new Date(Date.now() + 3_600_000).toISOString() }));
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    expect(uploader.getSnapshot().value).toEqual(['file_1']);
  });

  it.each([
    ['{"id":"fq","urls":{"get":"https://api.pruna.ai/v1/files/fq"}}', 'https://api.pruna.ai/v1/files/fq'],
    ['{"code":200,"data":{"publicUrl":"https://r2.apimodels.app/a.png"}}', 'https://r2.apimodels.app/a.png'],
    ['{"publicUrl":"https://cdn/p.png"}', 'https://cdn/p.png'],
    ['{"url":"https://cdn/u.png"}', 'https://cdn/u.png'],
  ])('pruna multipart POST: fields first, file in `content`, value from %s', async (body, value) => {
    const { uploader, file } = setup({ provider: 'pruna' }, () => ({ uploadUrl: '/api/uploads/pruna', fields: { purpose: 'input' } }));
    const photo = png('a.png');
    await uploader.upload([photo]);
    await until(() => FakeXhr.all.length === 1);
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe('POST');
    expect(xhr.requestHeaders).toEqual({});
    const form = xhr.body as FormData;
    expect([...form.keys()]).toEqual(['purpose', 'content']);
    expect((form.get('content') as File).name).toBe('a.png');
    xhr.respond(200, body);
    await until(() => file().status === 'done');
    expect(file().value).toBe(value);
  });
});
