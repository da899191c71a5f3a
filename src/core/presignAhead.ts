// Presign ahead: while the running files upload, the next queued files' targets are asked for, one per run, in pick
// order, so a slot that frees sends its next file at once instead of waiting for a presign (a real endpoint takes
// 50-500 ms; 200 files of 50 KB with a 50 ms presign went from 1.01-1.11 to 0.85-0.88 times the ideal pipeline's
// time). Loaded (createUploader pump) once files wait for a slot. The request's controller becomes the run's when it
// starts, and its answer the run's first presign (driveUpload: a target used like a kept one, a failure as the first
// attempt); cancel and remove abort it before that (createUploader stopWork).
// A target asked ahead stays the file's when the app then changes `presign`, `presignHeaders` or `provider`, as the
// target of a file already uploading does: React apps pass new functions on every render, and dropping the answers
// then would ask for every target twice.
import { onlineManager } from '@tanstack/query-core';
import { failed, type EarlyAnswer } from './driveUpload';
import { needsPreparation } from './needsPreparation';
import { requestPresign } from './presign';
import type { FileRecord } from './reducer';
import type { UploadOptions } from './types';

/**
 * Asks for the targets of the next files in `order` from `cursor` (the files before it are settled), up to one per
 * run (`runs`, one per slot). Not while offline (the file would wait anyway), nor while a run waits to try again (a
 * failing endpoint is not asked twice as often), nor for a file that will be prepared in its slot (the file sent is
 * another). Each presign goes into `ahead`, its controller into `before` (work before a run), by file id.
 */
export function presignAhead(
  order: readonly string[],
  files: ReadonlyMap<string, FileRecord>,
  cursor: number,
  runs: ReadonlyMap<string, AbortController>,
  ahead: Map<string, Promise<EarlyAnswer>>,
  before: Map<string, AbortController>,
  options: UploadOptions,
): void {
  let room = runs.size - ahead.size;
  const now = Date.now();
  for (const id of runs.keys()) if ((files.get(id)?.retryAt ?? 0) > now) room = 0;
  for (let i = cursor; room > 0 && onlineManager.isOnline() && i < order.length; i++) {
    const record = files.get(order[i]!)!;
    if (record.status !== 'queued' || runs.has(record.id) || ahead.has(record.id) || needsPreparation(record, options)) continue;
    const controller = new AbortController();
    before.set(record.id, controller);
    // Never rejects: requestPresign ends every failure as a result. An abort is no answer: the run asks again.
    ahead.set(
      record.id,
      requestPresign(record, options, controller.signal).then((answer) => (ctx) => {
        if (answer.ok) ctx.dispatch({ type: 'presigned', id: ctx.id, run: ctx.run, target: answer.target });
        else if ('error' in answer) failed(ctx, answer.error);
      }),
    );
    room--;
  }
}
