// Any S3-compatible store (AWS S3, Cloudflare R2, MinIO) through the AWS SDK v3 presigner.
// The SDK is imported on first use, so apps on other providers need not install it.
import type { S3Client } from '@aws-sdk/client-s3';
import type { NativePresignResponse, PresignRequest } from '../../core/types';
import { ProviderError } from '../errors';
import type { UploadProvider } from '../provider';
import { safeExtension } from '../safeExtension';

export interface S3Options {
  /** The app's S3Client; a default one works (the provider keeps the SDK's checksum out of the URL). */
  client: S3Client;
  bucket: string;
  /** Where stored objects are read from (a CDN, the bucket's public URL); the key is appended after a '/'. */
  publicBaseUrl: string;
  /** Prepended to every object key, such as 'uploads/' (a leading '/' and doubled slashes are dropped). @default '' */
  keyPrefix?: string;
  /** Seconds the upload URL stays valid (less when the client's temporary credentials expire sooner). @default 900 */
  expiresIn?: number;
}

const META_FILE_ID = 'x-amz-meta-file-id';

/**
 * The prefix as S3 tools show keys: '/uploads/' written like a path made '/uploads/<id>' keys, an empty-named folder
 * on S3 ('/bucket//uploads/…'), a 404 on s3rver, and on MinIO (which strips it) another key than the one signed.
 */
function normalizePrefix(keyPrefix: string): string {
  if (typeof keyPrefix !== 'string') throw new TypeError("s3({ keyPrefix }): expected a string such as 'uploads/'.");
  const prefix = keyPrefix.replace(/\/{2,}/g, '/').replace(/^\//, '');
  // URL parsers resolve '.' and '..' segments, so the browser would PUT to another path than the one signed.
  if (prefix.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new TypeError(`s3({ keyPrefix }): '.' and '..' are not folders in S3 keys; got '${keyPrefix}'.`);
  }
  return prefix;
}

/** Presigned PUTs to an S3-compatible bucket, with Content-Type, Content-Length and the file id signed. */
export function s3(options: S3Options): UploadProvider {
  const { client, bucket, expiresIn = 900 } = options;
  const keyPrefix = normalizePrefix(options.keyPrefix ?? '');
  if (!client || typeof client.send !== 'function') throw new TypeError('s3({ client }): pass an S3Client.');
  if (!bucket) throw new TypeError('s3({ bucket }): bucket is missing.');
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
    throw new TypeError('s3({ expiresIn }): expected whole seconds between 1 and 604800 (7 days).');
  }
  const publicBaseUrl = new URL(options.publicBaseUrl).href.replace(/\/+$/, '');
  return {
    name: 's3',
    async presign(req) {
      try {
        return await sign(req);
      } catch (error) {
        // Credentials that fail to load, no region, an SDK that is not installed: the store's side, so 502 like any
        // provider. Only the error's name goes out: SDK messages can name hosts, profiles or paths.
        const name = error instanceof Error && /^[A-Za-z]\w{0,63}$/.test(error.name) ? ` (${error.name})` : '';
        throw new ProviderError('provider-error', `s3 could not sign the upload${name}; check the server's AWS configuration.`);
      }
    },
  };

  async function sign(req: PresignRequest): Promise<NativePresignResponse> {
    const [{ PutObjectCommand }, { getSignedUrl }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    const id = crypto.randomUUID();
    // The key is ours alone: prefix, random id and a vetted extension; the browser's filename never becomes a path.
    // Vetted here too, not only in the handler: an app may call presign() from its own route.
    const key = `${keyPrefix}${id}${safeExtension(req.contentType, req.filename)}`;
    const command = new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentType: req.contentType,
      // Signed, so storage refuses a body of any other size: maxSize holds even if the browser lied about it.
      ContentLength: req.size,
      Metadata: { 'file-id': id },
    });
    // client-s3 >= 3.729 signs a CRC32 of the empty body into PUT URLs, and S3, R2 and MinIO then reject
    // the real body (REAL-STORAGE.md item 3). Drop it after the checksum middleware, whatever the client's config.
    command.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers;
        for (const name of Object.keys(headers ?? {})) {
          const lower = name.toLowerCase();
          if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') delete headers![name];
        }
        return next(args);
      },
      { step: 'build', priority: 'low', name: 'mediaUploaderNoEmptyBodyChecksum', override: true },
    );
    // Temporary credentials (a role's session) end the URL when they expire, whatever expiresIn says (AWS: "the URL
    // expires when the token expires"): the browser must hear the earlier time to presign again, not hit ExpiredToken.
    // Read before signing, from the client's memoized provider, so the URL is signed with these or fresher ones.
    const credentialsEnd = (await client.config.credentials()).expiration?.getTime();
    const urlEnd = Date.now() + expiresIn * 1000;
    const expiresAt = new Date(Number.isFinite(credentialsEnd) ? Math.min(urlEnd, credentialsEnd!) : urlEnd).toISOString();
    const uploadUrl = await getSignedUrl(client, command, {
      expiresIn,
      // The SDK leaves Content-Type unsigned and hoists x-amz-meta-* into the query by default
      // (REAL-STORAGE.md items 1-2): both would let a PUT carry another type or no file id.
      signableHeaders: new Set(['content-type']),
      unhoistableHeaders: new Set([META_FILE_ID]),
    });
    return {
      uploadUrl,
      method: 'PUT',
      headers: { 'Content-Type': req.contentType, [META_FILE_ID]: id },
      publicUrl: `${publicBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`,
      fileId: id,
      expiresAt,
    };
  }
}
