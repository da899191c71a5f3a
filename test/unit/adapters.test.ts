import { describe, expect, it } from 'vitest';
import { parsePresignResponse } from '../../src/core/adapters';
import type { ProviderName } from '../../src/core/types';

const expires = '2026-05-30T09:30:00.000Z';
const expiresMs = Date.parse(expires);

describe('parsePresignResponse: every documented shape', () => {
  it('native PUT with headers, publicUrl and expiresAt', () => {
    const result = parsePresignResponse(
      { uploadUrl: 'https://s3.example.com/k?sig', headers: { 'Content-Type': 'image/png', 'x-amz-meta-id': '7' }, publicUrl: 'https://cdn/k.png', expiresAt: expires },
      'auto',
      'image/png',
    );
    expect(result).toEqual({
      ok: true,
      target: {
        url: 'https://s3.example.com/k?sig', method: 'PUT', headers: { 'Content-Type': 'image/png', 'x-amz-meta-id': '7' },
        fields: {}, fileField: 'file', value: 'https://cdn/k.png', expiresAt: expiresMs,
      },
    });
  });

  it('native falls back to fileId, and adds the presigned Content-Type to a PUT', () => {
    const result = parsePresignResponse({ uploadUrl: 'https://s3.example.com/k', fileId: 'file_1' }, 'native', 'video/mp4');
    expect(result).toMatchObject({ ok: true, target: { value: 'file_1', headers: { 'Content-Type': 'video/mp4' } } });
  });

  it('native: an empty publicUrl is no value, so fileId (or the upload response) gives it', () => {
    expect(parsePresignResponse({ uploadUrl: 'https://x', publicUrl: '', fileId: 'file_1' }, 'native')).toMatchObject({ ok: true, target: { value: 'file_1' } });
    const result = parsePresignResponse({ uploadUrl: 'https://x', publicUrl: '' }, 'native');
    expect(result.ok && 'value' in result.target).toBe(false);
  });

  it('eachlabs: presigned_url, required headers verbatim, public_url as the value', () => {
    const json = {
      id: '0dce', presigned_url: 'https://eachlabs-storage.s3.amazonaws.com/uploads/x?X-Amz-Signature=1',
      public_url: 'https://cdn-us.eachlabs.ai/uploads/x.png', expires_at: '2026-04-27T18:15:00Z',
      required_headers: { 'x-amz-meta-file-id': '0dce' },
    };
    for (const provider of ['auto', 'eachlabs'] as ProviderName[]) {
      expect(parsePresignResponse(json, provider, 'image/png')).toEqual({
        ok: true,
        target: {
          url: json.presigned_url, method: 'PUT', headers: { 'x-amz-meta-file-id': '0dce', 'Content-Type': 'image/png' },
          fields: {}, fileField: 'file', value: json.public_url, expiresAt: Date.parse('2026-04-27T18:15:00Z'),
        },
      });
    }
  });

  it('modelroute: upload_url, with file_id as the form value', () => {
    const json = { file_id: 'file_f47a', upload_url: 'https://storage.modelroute.ai/uploads/file_f47a?X-Amz-Signature=1', expires_at: '2026-03-20T11:30:00Z' };
    for (const provider of ['auto', 'modelroute'] as ProviderName[]) {
      expect(parsePresignResponse(json, provider, 'image/png')).toMatchObject({
        ok: true,
        target: { url: json.upload_url, method: 'PUT', value: 'file_f47a', expiresAt: Date.parse(json.expires_at) },
      });
    }
  });

  it('apimodels: data.uploadUrl, data.publicUrl as the value', () => {
    const json = { code: 200, msg: 'success', data: { uploadUrl: 'https://acc.r2.cloudflarestorage.com/a?X-Amz-Signature=1', publicUrl: 'https://r2.apimodels.app/a.png', expiresAt: expires } };
    for (const provider of ['auto', 'apimodels'] as ProviderName[]) {
      expect(parsePresignResponse(json, provider, 'image/png')).toMatchObject({
        ok: true,
        target: { url: json.data.uploadUrl, value: json.data.publicUrl, expiresAt: expiresMs, headers: { 'Content-Type': 'image/png' } },
      });
    }
  });

  it('apimodels: a non-200 code is presign-failed with its msg', () => {
    const result = parsePresignResponse({ code: 401, msg: 'Invalid or missing API key' }, 'auto', 'image/png');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'presign-failed', status: 401, message: 'The presign request failed with code 401: Invalid or missing API key.' },
    });
  });

  it('pruna: native made a multipart POST with the file in `content`, value read later', () => {
    const result = parsePresignResponse({ uploadUrl: '/api/uploads/pruna' }, 'pruna', 'image/png');
    expect(result).toEqual({
      ok: true,
      target: { url: '/api/uploads/pruna', method: 'POST', headers: {}, fields: {}, fileField: 'content' },
    });
    const auto = parsePresignResponse({ uploadUrl: 'https://app.example.com/api/proxy', method: 'POST', fileField: 'content', fields: { a: '1' } }, 'auto', 'image/png');
    expect(auto).toMatchObject({ ok: true, target: { method: 'POST', fileField: 'content', fields: { a: '1' }, headers: {} } });
    const named = parsePresignResponse({ uploadUrl: 'https://app.example.com/api/proxy', method: 'PUT', fileField: 'file' }, 'pruna', 'image/png');
    expect(named).toMatchObject({ ok: true, target: { method: 'POST', fileField: 'file', headers: {} } });
  });
});

describe('parsePresignResponse: malformed answers', () => {
  it.each([
    [{ url: 'https://x' }, 'auto', 'The presign response has no upload URL (expected uploadUrl, presigned_url, upload_url or data.uploadUrl).'],
    [null, 'auto', 'The presign response is not a JSON object.'],
    [['https://x'], 'auto', 'The presign response is not a JSON object.'],
    [{ publicUrl: 'https://cdn/x' }, 'native', 'The presign response has no upload URL (expected uploadUrl).'],
    [{ uploadUrl: 42 }, 'native', 'The presign response has an invalid uploadUrl (expected a string).'],
    [{ uploadUrl: 'https://x', method: 'PATCH' }, 'native', 'The presign response has an invalid method.'],
    [{ public_url: 'https://cdn/x' }, 'eachlabs', 'The presign response has no upload URL (expected presigned_url).'],
    [{ presigned_url: 'https://x' }, 'auto', 'The presign response has no public_url.'],
    [{ file_id: 'f' }, 'auto', 'The presign response has no upload URL (expected upload_url).'],
    [{ upload_url: 'https://x' }, 'modelroute', 'The presign response has no file_id.'],
    [{ code: 200, msg: 'success', data: {} }, 'auto', 'The presign response has no upload URL (expected data.uploadUrl).'],
    [{ code: 200, data: { uploadUrl: 'https://x' } }, 'apimodels', 'The presign response has no data.publicUrl.'],
    [{ uploadUrl: 'https://x', expiresAt: 'tomorrow' }, 'auto', 'The presign response has an invalid expiresAt (expected an ISO 8601 date).'],
    [{ uploadUrl: 'not a url' }, 'auto', 'The presign response has an upload URL that is not a valid URL.'],
    [{ uploadUrl: 'https://x', headers: { 'x-id': 7 } }, 'native', 'The presign response has an invalid headers.x-id (expected a string).'],
    // A dot is allowed in a header name: the field is there, just not a string.
    [{ uploadUrl: 'https://x', headers: { 'x.id': 7 } }, 'native', 'The presign response has an invalid headers.x.id (expected a string).'],
    [{ uploadUrl: 'https://x', fields: ['a'] }, 'native', 'The presign response has an invalid fields (expected a record).'],
    [{ uploadUrl: 'https://x', headers: null }, 'native', 'The presign response has no headers.'],
    [{ code: '200', data: {} }, 'apimodels', 'The presign response has an invalid code (expected a number).'],
    [{ code: 200, data: 'https://x' }, 'apimodels', 'The presign response has an invalid data (expected an object).'],
    [{ code: 200, data: null }, 'apimodels', 'The presign response has no data.'],
    [{ presigned_url: 'https://x', public_url: 'https://y', expires_at: true }, 'eachlabs', 'The presign response has an invalid expires_at (expected an ISO 8601 date).'],
    [{ file_id: 'f', upload_url: 'https://x', expires_at: Number.POSITIVE_INFINITY }, 'modelroute', 'The presign response has an invalid expires_at (expected an ISO 8601 date).'],
  ] as const)('%o via %s', (json, provider, message) => {
    const result = parsePresignResponse(json, provider as ProviderName, 'image/png');
    expect(result).toMatchObject({ ok: false, error: { code: 'presign-invalid-response', message } });
  });

  it('an unreadable expiry keeps the answer as its cause; null and epoch ms are read', () => {
    const json = { uploadUrl: 'https://x', expiresAt: 'tomorrow' };
    expect(parsePresignResponse(json, 'native')).toMatchObject({ ok: false, error: { cause: json } });
    expect(parsePresignResponse({ file_id: 'f', upload_url: 'https://x', expires_at: null }, 'modelroute')).toEqual({
      ok: true,
      target: { url: 'https://x', method: 'PUT', headers: {}, fields: {}, fileField: 'file', value: 'f' },
    });
    expect(parsePresignResponse({ uploadUrl: 'https://x', expiresAt: expiresMs }, 'native')).toMatchObject({ ok: true, target: { expiresAt: expiresMs } });
  });

  it.each([
    ['http://storage.example.com/x', false],
    ['ftp://storage.example.com/x', false],
    ['javascript:alert(1)', false],
    ['//evil.example.com/x', false],
    ['http://localhost:9000/x', true],
    ['http://127.0.0.1:9000/x', true],
    ['http://[::1]:9000/x', true],
    ['https://storage.example.com/x', true],
  ])('target %s accepted: %s', (url, accepted) => {
    const result = parsePresignResponse({ uploadUrl: url }, 'auto', 'image/png');
    expect(result.ok).toBe(accepted);
    if (!result.ok) {
      expect(result.error.code).toBe('presign-invalid-response');
      if (url.startsWith('http:')) expect(result.error.message).toContain('only https targets');
    }
  });

  it('a Content-Type header that contradicts the presigned type is an error; the same type in another case is fine', () => {
    const bad = parsePresignResponse({ uploadUrl: 'https://x', headers: { 'content-type': 'image/jpeg' } }, 'auto', 'image/png');
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'presign-invalid-response', message: expect.stringContaining('asks for Content-Type image/jpeg, but image/png was presigned') },
    });
    const good = parsePresignResponse({ uploadUrl: 'https://x', headers: { 'content-type': 'IMAGE/PNG' } }, 'auto', 'image/png');
    expect(good).toMatchObject({ ok: true, target: { headers: { 'content-type': 'IMAGE/PNG' } } });
  });
});
