// @vitest-environment jsdom
// The way the library really uploads: jsdom's XMLHttpRequest enforces CORS (a preflight for the custom header,
// Access-Control-Expose-Headers for ETag), so this proves the mocks' CORS answers are enough for it.
import { eachlabsMock, presignEndpointMock } from '../../src/testing';
import { pngBytes, startServer } from './support';

const eachlabs = eachlabsMock();
const server = startServer(...eachlabs.handlers);
afterEach(() => eachlabs.reset());

interface XhrResult {
  status: number;
  etag: string | null;
  body: string;
  error: boolean;
}

function xhrPut(url: string, headers: Record<string, string>, body: Blob): Promise<XhrResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => resolve({ status: xhr.status, etag: xhr.getResponseHeader('etag'), body: xhr.responseText, error: false });
    xhr.onerror = () => resolve({ status: xhr.status, etag: null, body: '', error: true });
    xhr.send(body);
  });
}

async function presignEachlabs() {
  // The API call itself is server-side in real apps; here it only mints a URL.
  const response = await fetch('https://api.eachlabs.ai/v1/upload/presign', {
    method: 'POST',
    headers: { 'X-API-Key': 'test-api-key', 'Content-Type': 'application/json' },
    body: JSON.stringify({ content_type: 'image/png' }),
  });
  return (await response.json()) as { presigned_url: string; required_headers: Record<string, string> };
}

describe('mock storage under jsdom XMLHttpRequest (CORS enforced)', () => {
  it('passes the preflight for x-amz-meta-file-id and exposes ETag', async () => {
    const target = await presignEachlabs();
    const result = await xhrPut(
      target.presigned_url,
      { 'Content-Type': 'image/png', ...target.required_headers },
      new Blob([pngBytes(100)], { type: 'image/png' }),
    );
    expect(result).toMatchObject({ status: 200, error: false });
    expect(result.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(eachlabs.calls.map((call) => call.method)).toEqual(['POST', 'OPTIONS', 'PUT']);
    expect(eachlabs.uploads[0]?.bytes).toEqual(pngBytes(100));
  });

  it('lets the page read an S3 error body (status 403 and the XML), not a bare status 0', async () => {
    const target = await presignEachlabs();
    const result = await xhrPut(target.presigned_url, { 'Content-Type': 'image/png' }, new Blob([pngBytes()], { type: 'image/png' }));
    expect(result.status).toBe(403);
    expect(result.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it("makes fail: 'cors' look like a browser CORS failure: status 0 and an error event", async () => {
    const app = presignEndpointMock({ provider: 'native', fail: 'cors' });
    server.use(...app.handlers);
    const response = await fetch('http://localhost/api/presign', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename: 'a.png', contentType: 'image/png', size: 10, fileType: 'image' }),
    });
    const target = (await response.json()) as { uploadUrl: string; headers: Record<string, string> };
    const result = await xhrPut(target.uploadUrl, target.headers, new Blob([pngBytes(10)], { type: 'image/png' }));
    expect(result).toMatchObject({ status: 0, error: true });
  });
});
