// S3's XML error bodies, worded as AWS words them (REAL-STORAGE.md: the client reads <Code> and <Message>).
import { randomHex } from './random';

/** What a bucket with `AllowedOrigins: *` adds to every answer, so the browser may read status, body and ETag. */
export const STORAGE_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, x-amz-request-id, x-amz-version-id',
} as const;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string | number> = {},
  { cors = true }: { cors?: boolean } = {},
): Response {
  const requestId = randomHex(16).toUpperCase();
  const fields = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}` +
    `<RequestId>${requestId}</RequestId><HostId>${randomHex(32)}</HostId></Error>`;
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId, ...(cors ? STORAGE_CORS_HEADERS : {}) },
  });
}

export const signatureDoesNotMatch = (extra: Record<string, string> = {}) =>
  s3Error(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    extra,
  );

export const requestExpired = (expiresInSeconds: number, expiresAt: number, now: number) =>
  s3Error(403, 'AccessDenied', 'Request has expired', {
    'X-Amz-Expires': expiresInSeconds,
    Expires: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });

export const internalError = () => s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');

/** S3's answer to a preflight its CORS rules do not allow: no Access-Control-* headers, so the browser blocks the PUT. */
export const corsForbidden = () =>
  s3Error(
    403,
    'AccessForbidden',
    'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.',
    {},
    { cors: false },
  );
