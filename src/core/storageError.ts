// What storage said when it refused an upload (any answer but 2xx), or that it could not be reached (status 0). Not in
// the entry: loaded when the reader starts (workerReader.ts, at the first sign of files, the network up) and imported
// by transport.ts when a request fails; transport.ts falls back to a plain sentence if this module cannot load.
import { isRetryableStatus, uploadError, withRetryAfter } from './errors';
import { serverMessage } from './presignRefusal';
import type { UploadError } from './types';
import { originOf } from './urls';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export interface S3ErrorInfo {
  code: string | null;
  message: string | null;
}

/** Reads `<Error><Code>…</Code><Message>…</Message></Error>` without a DOM parser (SSR and workers have none). */
export function parseS3Error(body: string): S3ErrorInfo {
  const pick = (tag: string) => {
    const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(body);
    return match ? decodeXml(match[1]!.trim()) : null;
  };
  return { code: pick('Code'), message: pick('Message') };
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => XML_ENTITIES[name]!);
}

/**
 * Maps a storage answer that is not 2xx, or one from another site (`redirectedTo`, the final URL of a redirect), to an
 * error. S3 puts the reason in an XML body (REAL-STORAGE.md); `x-amz-error-code` carries it when the body is unreadable.
 */
export function storageError(
  status: number,
  body: string,
  header: (name: string) => string | null,
  fileName: string,
  redirectedTo = '',
): UploadError {
  if (redirectedTo) {
    return uploadError('upload-failed', `Storage sent ${fileName} on to another site (${originOf(redirectedTo)}), so the upload is not trusted; check the presign target.`, { status });
  }
  // Status 0: the request never got a readable answer. Most often CORS, so the message says so.
  if (status === 0) {
    return uploadError(
      'network-error',
      `Could not send ${fileName}: the storage server may be unreachable, or its CORS rules may not allow this origin or these headers. Check your connection and the bucket's CORS configuration.`,
    );
  }
  const s3 = parseS3Error(body);
  const code = s3.code ?? header('x-amz-error-code');
  const s3Message = s3.message ?? header('x-amz-error-message');
  // Only S3's own error says the URL expired: a JSON 403 from the app's upload proxy (pruna) saying "session expired"
  // is its authorize's, and presigning again cannot help. Its `{ error: { message } }` is shown, as S3's words are.
  const expired = /expired/i.test(s3Message ?? '') || /expired/i.test(code ?? '');
  const words = s3Message ?? serverMessage(parseJson(body));
  const cause = { status, s3Code: code, s3Message: words, body: body.slice(0, 2000) };
  if (status === 403 && expired) {
    return uploadError('upload-expired', `The upload link for ${fileName} expired before the upload finished. Try again.`, { status, cause });
  }
  if (code === 'SignatureDoesNotMatch') {
    return uploadError(
      'upload-failed',
      `Storage refused ${fileName}: the request's signature or headers did not match what was signed (check that the Content-Type and required headers are sent exactly as presigned).`,
      { status, cause },
    );
  }
  const reason = words ? ` (${words.replace(/\.$/, '')})` : '';
  const advice = isRetryableStatus(status) ? ' Try again in a moment.' : '';
  const error = uploadError('upload-failed', `Storage refused ${fileName} with status ${status}${reason}.${advice}`, { status, cause });
  return withRetryAfter(error, header('retry-after'));
}

