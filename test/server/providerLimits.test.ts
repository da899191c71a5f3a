// Each provider's documented limits, checked by both handlers before the provider is called: a file it would refuse
// is a 400 with the browser's codes, not a 502; the app's own accept and maxSize still apply (the stricter wins).
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  apimodels,
  createPresignHandler,
  createUploadProxyHandler,
  eachlabs,
  modelroute,
  pruna,
  type PresignHandlerOptions,
  type UploadProvider,
} from '../../src/server';
import { KEY, presignRequest, readAnswer } from './helpers';

const MB = 1024 * 1024;
const server = setupServer();
let providerCalls = 0;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  providerCalls = 0;
  const called = () => {
    providerCalls += 1;
  };
  server.use(
    http.post('https://apimodels.app/api/v1/files', () => {
      called();
      const data = { uploadUrl: 'https://r2.test/put', publicUrl: 'https://r2.apimodels.app/a', expiresAt: '2030-01-01T00:00:00Z' };
      return HttpResponse.json({ code: 200, msg: 'success', data });
    }),
    http.post('https://api.modelroute.ai/v1/files/upload', () => {
      called();
      return HttpResponse.json({ file_id: 'file_1', upload_url: 'https://storage.test/put' });
    }),
    http.post('https://api.eachlabs.ai/v1/upload/presign', () => {
      called();
      return HttpResponse.json({ presigned_url: 'https://s.test/put', public_url: 'https://cdn.test/a.png' });
    }),
    http.post('https://api.pruna.ai/v1/files', () => {
      called();
      return HttpResponse.json({ id: 'x', urls: { get: 'https://api.pruna.ai/v1/files/x' } });
    }),
  );
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const file = (contentType: string, size: number) => {
  const top = contentType.split('/')[0]!;
  return { filename: 'a', contentType, size, fileType: ['image', 'video', 'audio'].includes(top) ? top : 'other' };
};

/** The status and code a presign handler answers, and whether the provider was called. */
async function presignWith(provider: UploadProvider, body: unknown, options: Partial<PresignHandlerOptions> = {}) {
  providerCalls = 0;
  const { status, body: answer } = await readAnswer(await createPresignHandler({ provider, ...options })(presignRequest(body)));
  return { status, code: answer.error?.code as string | undefined, called: providerCalls > 0 };
}

const refused = (code: string) => ({ status: 400, code, called: false });
const passed = { status: 200, code: undefined, called: true };

describe('apimodels: only image, video and audio; images up to 10 MB, the rest up to 100 MB', () => {
  const provider = apimodels({ apiKey: KEY });

  it('refuses an image over 10 MB before calling apimodels, and takes one at 10 MB', async () => {
    expect(await presignWith(provider, file('image/png', 20 * MB))).toEqual(refused('file-too-large'));
    expect(await presignWith(provider, file('image/png', 10 * MB))).toEqual(passed);
  });

  it('takes video and audio up to 100 MB, not beyond', async () => {
    expect(await presignWith(provider, file('video/mp4', 20 * MB))).toEqual(passed);
    expect(await presignWith(provider, file('audio/mpeg', 100 * MB))).toEqual(passed);
    expect(await presignWith(provider, file('video/mp4', 100 * MB + 1), { maxSize: 200 * MB })).toEqual(refused('file-too-large'));
  });

  it("refuses other types even under the app's accept: '*/*'", async () => {
    expect(await presignWith(provider, file('application/pdf', 10), { accept: '*/*' })).toEqual(refused('file-invalid-type'));
  });

  it("keeps the app's stricter maxSize", async () => {
    expect(await presignWith(provider, file('image/png', 6 * MB), { maxSize: 5 * MB })).toEqual(refused('file-too-large'));
  });
});

describe('modelroute and eachlabs: their documented 100 MB cap holds over a larger app maxSize', () => {
  it.each([
    ['modelroute', modelroute({ apiKey: KEY })],
    ['eachlabs', eachlabs({ apiKey: KEY })],
  ])('%s', async (_name, provider) => {
    expect(await presignWith(provider, file('video/mp4', 150 * MB), { maxSize: 500 * MB })).toEqual(refused('file-too-large'));
    expect(await presignWith(provider, file('video/mp4', 100 * MB), { maxSize: 500 * MB })).toEqual(passed);
  });
});

describe('pruna: images and video only, in both handlers', () => {
  it('the presign handler refuses audio by default, and under an app accept that lists audio', async () => {
    const provider = pruna({ apiKey: KEY });
    const audio = await readAnswer(await createPresignHandler({ provider })(presignRequest(file('audio/mpeg', 1000))));
    expect([audio.status, audio.body.error.code]).toEqual([400, 'file-invalid-type']);
    expect(audio.body.error.message).toBe('Files of type audio/mpeg are not accepted; use image or video files.');
    expect(await presignWith(provider, file('audio/mpeg', 1000), { accept: ['image/*', 'audio/*'] })).toMatchObject({ status: 400, code: 'file-invalid-type' });
    expect((await presignWith(provider, file('video/mp4', 1000))).status).toBe(200);
    // The app's own narrower accept still applies.
    expect(await presignWith(provider, file('video/mp4', 1000), { accept: 'image/png' })).toMatchObject({ status: 400, code: 'file-invalid-type' });
  });

  it('the upload proxy refuses an audio part before a byte goes to pruna, and sends an image on', async () => {
    const proxy = createUploadProxyHandler({ provider: pruna({ apiKey: KEY }) });
    const send = (type: string) => {
      const form = new FormData();
      form.append('content', new Blob([new Uint8Array(1000)], { type }), 'a');
      return proxy(new Request('https://app.example/api/uploads/proxy', { method: 'POST', body: form }));
    };
    const audio = await readAnswer(await send('audio/mpeg'));
    expect([audio.status, audio.body.error.code, providerCalls]).toEqual([400, 'file-invalid-type', 0]);
    const image = await readAnswer(await send('image/png'));
    expect([image.status, providerCalls]).toEqual([200, 1]);
  });
});
