// POST /api/uploads/presign: a presigned PUT to S3 (or R2, MinIO, any S3-compatible store). The credentials
// stay here: S3Client reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION from the environment.
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignHandler, s3 } from 'media-uploader/server';
import { IMAGE_ACCEPT, IMAGE_MAX_SIZE } from '../../../uploadRules';

let handler;

export async function POST(request) {
  // Made on the first request: `next build` loads this module without the run-time environment.
  handler ??= createPresignHandler({
    provider: s3({
      client: new S3Client({ endpoint: process.env.S3_ENDPOINT, forcePathStyle: Boolean(process.env.S3_ENDPOINT) }),
      bucket: process.env.S3_BUCKET,
      publicBaseUrl: process.env.S3_PUBLIC_BASE_URL,
      keyPrefix: 'uploads/',
    }),
    accept: IMAGE_ACCEPT,
    maxSize: IMAGE_MAX_SIZE,
  });
  return handler(request);
}
