// A 403 that is not the provider's JSON (a firewall, WAF or CDN block page in front of its API) is not the provider
// refusing the key: saying "refused the server's API key" sends the developer to rotate a key that is fine.
import { isRetryable } from '../../src/core/errors';
import { presignRefusal } from '../../src/core/presignRefusal';
import {
  apimodels,
  createPresignHandler,
  createUploadProxyHandler,
  eachlabs,
  modelroute,
  pruna,
  type ProviderOptions,
  type RequestHandler,
} from '../../src/server';
import { KEY, presignRequest, readAnswer } from './helpers';

const CLOUDFLARE = `<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1><p>Cloudflare Ray ID: 8f1e2d3c4b5a6978</p></body></html>`;
const CLOUDFRONT = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><HTML><HEAD><TITLE>ERROR: The request could not be
satisfied</TITLE></HEAD><BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2>Request blocked.</BODY></HTML>`;

/** A handler whose provider's API answers `answer` to every call, through the documented `fetch` option. */
type Route = (answer: () => Response) => RequestHandler;
const withFetch = (answer: () => Response): ProviderOptions => ({ apiKey: KEY, fetch: async () => answer() });
const routes: [string, Route, () => Request][] = [
  ['eachlabs', (answer) => createPresignHandler({ provider: eachlabs(withFetch(answer)) }), () => presignRequest()],
  ['modelroute', (answer) => createPresignHandler({ provider: modelroute(withFetch(answer)) }), () => presignRequest()],
  ['apimodels', (answer) => createPresignHandler({ provider: apimodels(withFetch(answer)) }), () => presignRequest()],
  [
    'pruna',
    (answer) => createUploadProxyHandler({ provider: pruna(withFetch(answer)) }),
    () => {
      const form = new FormData();
      form.append('content', new Blob(['PNGDATA'], { type: 'image/png' }), 'a.png');
      return new Request('https://app.example/api/uploads/proxy', { method: 'POST', body: form });
    },
  ],
];

const html = (page: string) => () => new Response(page, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });

describe.each(routes)('%s behind a firewall or CDN that answers 403', (name, route, request) => {
  it.each([
    ["Cloudflare's block page", html(CLOUDFLARE)],
    ["CloudFront's (AWS WAF) block page", html(CLOUDFRONT)],
  ])('%s: 502 provider-error saying a 403 page came back, not that the key was refused', async (_page, answer) => {
    const { status, body } = await readAnswer(await route(answer)(request()));
    expect([status, body.error.code]).toEqual([502, 'provider-error']);
    expect(body.error.message).toBe(
      `${name}, or something in front of it such as a firewall or CDN, refused the request with HTTP 403 and an HTML page, ` +
        `not ${name}'s JSON error: the API key may be fine. Try again later, or check that this server may reach ${name}.`,
    );
    // The page itself stays out: it is markup, and can be long.
    expect(body.error.message).not.toMatch(/Cloudflare|Ray ID|satisfied/);
  });

  it("keeps a plain-text block's words (Cloudflare's 'error code: 1020') and an empty 403 says so", async () => {
    const text = () => new Response('error code: 1020', { status: 403, headers: { 'content-type': 'text/plain' } });
    let answer = await readAnswer(await route(text)(request()));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-error']);
    expect(answer.body.error.message).toContain('refused the request with HTTP 403 (error code: 1020), not');
    answer = await readAnswer(await route(() => new Response(null, { status: 403 }))(request()));
    expect([answer.status, answer.body.error.code]).toEqual([502, 'provider-error']);
    expect(answer.body.error.message).toContain('refused the request with HTTP 403 and no body, not');
  });

  it("still reads a JSON 401 or 403 from the provider as its refusal of the key (provider-unauthorized), the key scrubbed", async () => {
    for (const providerStatus of [401, 403]) {
      const json = () => Response.json({ error: `Invalid or missing API key ${KEY}` }, { status: providerStatus });
      const { status, body } = await readAnswer(await route(json)(request()));
      expect([status, body.error.code]).toEqual([502, 'provider-unauthorized']);
      expect(body.error.message).toBe(`${name} refused the server's API key: Invalid or missing API key [redacted]`);
    }
  });
});

describe('what the browser does with these answers (core presignRefusal + isRetryable)', () => {
  const browserError = async (response: Response) => {
    const text = await response.text();
    return presignRefusal('photo.png', JSON.parse(text), text, response.status);
  };

  it('retries a block page (it may be a rate rule that lifts), and never a JSON key refusal', async () => {
    const blocked = await browserError(await routes[0]![1](html(CLOUDFLARE))(presignRequest()));
    expect(blocked.message).toMatch(/^The presign request for photo\.png failed with status 502: eachlabs, or something in front of it/);
    expect(isRetryable(blocked)).toBe(true);
    const refused = await browserError(
      await routes[0]![1](() => Response.json({ error: 'Invalid or missing API key' }, { status: 401 }))(presignRequest()),
    );
    expect(isRetryable(refused)).toBe(false);
  });
});
