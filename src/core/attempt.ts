// One attempt of one upload: presign just in time (again when the target expired or will before the
// upload can finish), then send. A 403 "Request has expired" is presigned again once per upload.
import { requestPresign, type PresignConfig } from './presign';
import { ABORTED } from './retry';
import { fileTypeOf } from './sniff';
import { sendFile } from './transport';
import type { UploadTarget } from './types';

export interface AttemptContext {
  file: File;
  /** The sniffed MIME type: what is presigned and sent as the PUT's Content-Type. */
  contentType: string;
  signal: AbortSignal;
  presign: PresignConfig;
  createXhr: () => XMLHttpRequest;
  stallTimeoutMs: number;
  /** The target kept from an earlier attempt of this upload, if any. */
  target: UploadTarget | undefined;
  setTarget: (target: UploadTarget | undefined) => void;
  /** Measured bytes per second, to tell whether a target will expire before the upload ends. */
  speed: () => number | null;
  /** True once this upload used its one re-presign after a 403 expired answer. */
  expiredRetryUsed: boolean;
  markExpiredRetry: () => void;
  onPresign: () => void;
  onStart: () => void;
  onProgress: (loaded: number, total: number) => void;
  now: () => number;
}

export async function runAttempt(ctx: AttemptContext): Promise<string> {
  let target = ctx.target;
  let expiredRetryUsed = ctx.expiredRetryUsed;
  for (;;) {
    if (ctx.signal.aborted) throw ABORTED;
    if (!target || expiresBeforeDone(target, ctx.file.size, ctx.speed(), ctx.now())) {
      ctx.onPresign();
      const presigned = await requestPresign(
        ctx.presign,
        { filename: ctx.file.name, contentType: ctx.contentType, size: ctx.file.size, fileType: fileTypeOf(ctx.contentType) },
        ctx.signal,
        ctx.stallTimeoutMs,
      );
      if (!presigned.ok) throw 'aborted' in presigned ? ABORTED : presigned.error;
      target = presigned.target;
      ctx.setTarget(target);
    }
    ctx.onStart();
    const sent = await sendFile({
      target,
      file: ctx.file,
      contentType: ctx.contentType,
      signal: ctx.signal,
      createXhr: ctx.createXhr,
      stallTimeoutMs: ctx.stallTimeoutMs,
      onProgress: ctx.onProgress,
    });
    if (sent.ok) return sent.value;
    if ('aborted' in sent) throw ABORTED;
    if (sent.error.code === 'upload-expired' && !expiredRetryUsed) {
      // The clock or a slow queue outran the URL: a fresh one usually works; a second expiry is reported.
      expiredRetryUsed = true;
      ctx.markExpiredRetry();
      target = undefined;
      ctx.setTarget(undefined);
      continue;
    }
    if (sent.error.code === 'upload-expired' || sent.error.code === 'upload-failed') ctx.setTarget(undefined);
    throw sent.error;
  }
}

/** A target is too old when it expired, or will before the whole file can go at the measured speed. */
export function expiresBeforeDone(target: UploadTarget, size: number, speed: number | null, now: number): boolean {
  if (target.expiresAt === undefined) return false;
  const remaining = target.expiresAt - now;
  if (remaining <= 0) return true;
  if (!speed || speed <= 0) return false;
  return remaining < (size / speed) * 1000;
}
