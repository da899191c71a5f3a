// Small msw stand-ins for each presign response shape, used until (and beside) media-uploader/testing.
// Storage lives on another origin, so jsdom sends real CORS preflights: OPTIONS is answered like S3 does.
import { http, HttpResponse, type HttpHandler } from 'msw';

export type Shape = 'native' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna';

export interface Mock {
  handlers: HttpHandler[];
  /** `METHOD url` of every request the mock answered, preflights included. */
  calls: string[];
  /** The request headers of every stored upload, names lower-cased. */
  uploads: { url: string; headers: Record<string, string>; size: number }[];
  /** The value the form must end with for the first upload. */
  expectedValue: string;
}

export const STORAGE = 'https://storage.example.com';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT, POST',
  'access-control-allow-headers': 'content-type, x-amz-meta-file-id',
};

/** `gate`: presigns wait for it; `storageGate`: PUTs wait for it, read when each PUT comes (a test may set it later). */
export function shapeMock(shape: Shape, options: { gate?: Promise<void>; storageGate?: Promise<void>; putStatus?: number } = {}): Mock {
  const calls: string[] = [];
  const uploads: Mock['uploads'] = [];
  let n = 0;
  const expiresAt = new Date(Date.now() + 600_000).toISOString();
  const respond = (key: string) => {
    const url = `${STORAGE}/bucket/${key}`;
    const publicUrl = `https://cdn.example.com/${key}`;
    switch (shape) {
      case 'native':
        return { uploadUrl: url, method: 'PUT', publicUrl, expiresAt };
      case 'eachlabs':
        return { presigned_url: url, public_url: publicUrl, required_headers: { 'x-amz-meta-file-id': key }, expires_at: expiresAt };
      case 'modelroute':
        return { file_id: `file_${key}`, upload_url: url, expires_at: expiresAt };
      case 'apimodels':
        return { code: 200, msg: 'success', data: { uploadUrl: url, publicUrl, expiresAt } };
      case 'pruna':
        return { uploadUrl: '/api/uploads/proxy', method: 'POST', fileField: 'content' };
    }
  };
  const handlers: HttpHandler[] = [
    http.post('*/api/presign', async ({ request }) => {
      calls.push(`POST ${request.url}`);
      await options.gate;
      const body = (await request.json()) as { filename: string };
      n += 1;
      return HttpResponse.json(respond(`${n}-${body.filename}`));
    }),
    http.options(`${STORAGE}/*`, ({ request }) => {
      calls.push(`OPTIONS ${request.url}`);
      return new HttpResponse(null, { status: 204, headers: CORS });
    }),
    http.put(`${STORAGE}/*`, async ({ request }) => {
      calls.push(`PUT ${request.url}`);
      await options.storageGate;
      const bytes = await request.arrayBuffer();
      uploads.push({ url: request.url, headers: Object.fromEntries(request.headers), size: bytes.byteLength });
      return new HttpResponse(null, { status: options.putStatus ?? 200, headers: { ...CORS, etag: '"abc"' } });
    }),
    http.post('*/api/uploads/proxy', async ({ request }) => {
      calls.push(`POST ${request.url}`);
      const form = await request.formData();
      const file = form.get('content') as File;
      uploads.push({ url: request.url, headers: Object.fromEntries(request.headers), size: file.size });
      return HttpResponse.json({ id: 'pruna-file-1', urls: { get: 'https://api.pruna.ai/v1/files/pruna-file-1' } });
    }),
  ];
  const expectedValue = {
    native: 'https://cdn.example.com/1-holiday.png',
    eachlabs: 'https://cdn.example.com/1-holiday.png',
    modelroute: 'file_1-holiday.png',
    apimodels: 'https://cdn.example.com/1-holiday.png',
    pruna: 'https://api.pruna.ai/v1/files/pruna-file-1',
  }[shape];
  return { handlers, calls, uploads, expectedValue };
}

/** A promise the test releases by hand, to hold a request open. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}
