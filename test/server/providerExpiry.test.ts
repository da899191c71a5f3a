// The providers' expiry times (eachlabs: "ISO-8601 timestamp when presigned_url stops accepting uploads"; every doc's
// example ends in Z) turned into the native expiresAt. A time that names no time zone, or a bare number, says nothing
// about when the URL ends: the server's own zone or a guess at seconds vs milliseconds must not decide it.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { apimodels, createPresignHandler, eachlabs, modelroute, type UploadProvider } from '../../src/server';
import { KEY, presignRequest, readAnswer } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const NOW = Date.parse('2026-04-27T18:00:00.000Z');
const MINUTE = 60_000;

interface Case {
  url: string;
  make: () => UploadProvider;
  answer: (expiry: unknown) => Record<string, unknown>;
  /** The URL lifetime its docs give. */
  lifetimeMs: number;
}
const CASES: Record<string, Case> = {
  eachlabs: {
    url: 'https://api.eachlabs.ai/v1/upload/presign',
    make: () => eachlabs({ apiKey: KEY }),
    answer: (expires_at) => ({
      presigned_url: 'https://eachlabs-storage.s3.amazonaws.com/uploads/a.png?X-Amz-Signature=s',
      public_url: 'https://cdn-us.eachlabs.ai/uploads/a.png',
      expires_at,
      required_headers: {},
    }),
    lifetimeMs: 15 * MINUTE,
  },
  modelroute: {
    url: 'https://api.modelroute.ai/v1/files/upload',
    make: () => modelroute({ apiKey: KEY }),
    answer: (expires_at) => ({ file_id: 'file_1', upload_url: 'https://storage.modelroute.ai/uploads/file_1?X-Amz-Signature=s', expires_at }),
    lifetimeMs: 60 * MINUTE,
  },
  apimodels: {
    url: 'https://apimodels.app/api/v1/files',
    make: () => apimodels({ apiKey: KEY }),
    answer: (expiresAt) => ({
      code: 200,
      msg: 'success',
      data: { uploadUrl: 'https://a.r2.cloudflarestorage.com/apimodels/u/1.png?X-Amz-Signature=s', publicUrl: 'https://r2.apimodels.app/u/1.png', expiresAt },
    }),
    lifetimeMs: 10 * MINUTE,
  },
};

async function expiresAtFor(name: string, expiry: unknown): Promise<string> {
  const { url, make, answer } = CASES[name]!;
  server.use(http.post(url, () => HttpResponse.json(answer(expiry))));
  // Only Date is faked: the clock the fallback lifetime counts from, nothing msw waits on.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  const { status, body } = await readAnswer(await createPresignHandler({ provider: make() })(presignRequest()));
  expect(status).toBe(200);
  return body.expiresAt;
}

describe.each(Object.keys(CASES))('%s expiry', (name) => {
  const documented = () => new Date(NOW + CASES[name]!.lifetimeMs).toISOString();

  it.each([
    ['Z', '2026-04-27T18:10:00Z', '2026-04-27T18:10:00.000Z'],
    ['an offset', '2026-04-27T20:10:00+02:00', '2026-04-27T18:10:00.000Z'],
    ['microseconds', '2026-04-27T18:10:00.123456Z', '2026-04-27T18:10:00.123Z'],
  ])('reads a time with %s as that instant', async (_, expiry, expected) => {
    expect(await expiresAtFor(name, expiry)).toBe(expected);
  });

  it.each([
    ['a time without a zone (read as the server\'s local time before)', '2026-04-27T18:07:00'],
    ['a date without a time', '2026-04-27'],
    ['a number (seconds or milliseconds?)', Math.floor(NOW / 1000) + 600],
    ['an unreadable string', 'soon'],
  ])('answers its documented lifetime for %s', async (_, expiry) => {
    expect(await expiresAtFor(name, expiry)).toBe(documented());
  });
});
