import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePresignResponse } from '../../src/core/adapters';
import { FakeXhr, png, setup, until, useFakeClock } from './helpers';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the form value keeps the scheme rule the upload URL keeps', () => {
  it.each([
    ['javascript:alert(1)'],
    [' javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://evil.example.com/a.png'],
    ['//evil.example.com/a.png'],
    ['\\\\evil.example.com/a.png'],
  ])('a presigned public URL %s is refused before anything is sent', (publicUrl) => {
    const native = parsePresignResponse({ uploadUrl: 'https://up.example.com/x', publicUrl }, 'auto', 'image/png');
    expect(native).toMatchObject({ ok: false, error: { code: 'presign-invalid-response' } });
    const eachlabs = parsePresignResponse({ presigned_url: 'https://up.example.com/x', public_url: publicUrl }, 'auto', 'image/png');
    expect(eachlabs).toMatchObject({ ok: false, error: { code: 'presign-invalid-response' } });
  });

  it.each([
    ['https://cdn.example.com/a.png'],
    ['http://localhost:9000/bucket/a.png'],
    ['http://127.0.0.1:9000/bucket/a.png'],
    ['file_f47ac10b-58cc-4372-a567-0e02b2c3d479'],
  ])('%s is a usable value', (value) => {
    expect(parsePresignResponse({ file_id: value, upload_url: 'https://up.example.com/x' }, 'auto', 'image/png')).toMatchObject({
      ok: true,
      target: { value },
    });
  });

  describe('a value read from a multipart answer (pruna through the app proxy)', () => {
    beforeEach(() => {
      FakeXhr.all = [];
      useFakeClock();
    });

    it.each([['javascript:alert(1)'], ['http://evil.example.com/f'], ['//evil.example.com/f']])(
      'urls.get %s never reaches the form: upload-failed, no value, no retry',
      async (get) => {
        const { uploader, file, onUploaded } = setup({}, () => ({ uploadUrl: '/api/uploads/proxy', method: 'POST', fileField: 'content' }));
        await uploader.upload([png()]);
        await until(() => FakeXhr.all.length === 1);
        FakeXhr.last().respond(200, JSON.stringify({ id: 'f', urls: { get } }));
        await until(() => file().status === 'error');
        expect(file().error).toMatchObject({ code: 'upload-failed', status: 200 });
        expect(file().error?.message).toMatch(/only https URLs|without a scheme/);
        expect(file().value).toBeNull();
        expect(uploader.getSnapshot().value).toEqual([]);
        expect(onUploaded).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(60_000);
        expect(FakeXhr.all).toHaveLength(1);
      },
    );

    it('an https urls.get is the value', async () => {
      const { uploader, file } = setup({}, () => ({ uploadUrl: '/api/uploads/proxy', method: 'POST', fileField: 'content' }));
      await uploader.upload([png()]);
      await until(() => FakeXhr.all.length === 1);
      FakeXhr.last().respond(200, JSON.stringify({ urls: { get: 'https://api.pruna.ai/v1/files/f' } }));
      await until(() => file().status === 'done');
      expect(file().value).toBe('https://api.pruna.ai/v1/files/f');
    });
  });
});

describe('a relative upload URL is resolved against the page, as the XHR would resolve it', () => {
  it('a path on the page stays on its origin and is sent as the absolute URL checked', () => {
    vi.stubGlobal('location', { href: 'https://app.example.com/edit/42' });
    expect(parsePresignResponse({ uploadUrl: '/api/uploads/proxy', method: 'POST' }, 'auto')).toMatchObject({
      ok: true,
      target: { url: 'https://app.example.com/api/uploads/proxy' },
    });
    expect(parsePresignResponse({ uploadUrl: 'proxy?x=1', method: 'POST' }, 'auto')).toMatchObject({
      ok: true,
      target: { url: 'https://app.example.com/edit/proxy?x=1' },
    });
  });

  it('a path gets the https-or-loopback rule where it lands: refused from a plain-http page, used on localhost', () => {
    // DESIGN.md: only https targets, or http on localhost, 127.0.0.1 or [::1]; the page's own origin is no exception.
    vi.stubGlobal('location', { href: 'http://intranet.corp/app' });
    expect(parsePresignResponse({ uploadUrl: '/api/uploads/pruna' }, 'pruna', 'image/png')).toMatchObject({
      ok: false,
      error: {
        code: 'presign-invalid-response',
        message: "The presign response's upload URL uses http on intranet.corp; only https targets (or http on localhost) are used, so the file was not sent.",
      },
    });
    for (const page of ['http://localhost:3000/app', 'http://127.0.0.1:5173/app', 'http://[::1]:8080/app']) {
      vi.stubGlobal('location', { href: page });
      expect(parsePresignResponse({ uploadUrl: '/api/uploads/pruna' }, 'pruna', 'image/png')).toMatchObject({
        ok: true,
        target: { url: new URL('/api/uploads/pruna', page).href, method: 'POST', fileField: 'content' },
      });
    }
  });

  it('a <base href> decides where a path lands: a loopback page with a base on another http host is refused', () => {
    vi.stubGlobal('location', { href: 'http://localhost:3000/app' });
    vi.stubGlobal('document', { baseURI: 'http://static.intranet.corp/' });
    const result = parsePresignResponse({ uploadUrl: '/api/uploads/proxy', method: 'POST' }, 'auto');
    expect(result).toMatchObject({ ok: false, error: { code: 'presign-invalid-response' } });
    if (!result.ok) expect(result.error.message).toContain('uses http on static.intranet.corp');
  });

  it.each([['/\\evil.example.com/upload'], ['//evil.example.com/upload']])(
    '%s leaves the page for another host over http and is refused',
    (uploadUrl) => {
      // Browsers read `/\host` as `//host`: a "path" that is really another origin.
      vi.stubGlobal('location', { href: 'http://localhost:3000/' });
      const result = parsePresignResponse({ uploadUrl, method: 'POST' }, 'auto');
      expect(result).toMatchObject({ ok: false, error: { code: 'presign-invalid-response' } });
      if (!result.ok) expect(result.error.message).toContain('evil.example.com');
    },
  );

  it('without a page (Node, SSR) a plain path is kept and a backslash path is refused', () => {
    expect(parsePresignResponse({ uploadUrl: '/api/uploads/proxy', method: 'POST' }, 'auto')).toMatchObject({
      ok: true,
      target: { url: '/api/uploads/proxy' },
    });
    expect(parsePresignResponse({ uploadUrl: '/\\evil.example.com/x', method: 'POST' }, 'auto').ok).toBe(false);
  });
});
