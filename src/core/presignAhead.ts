// Presign ahead: while every slot is busy, the next queued files' targets are asked for (one per run, in pick order),
// so a freed slot sends at once (200 files of 50 KB with a 50 ms presign: 1.01-1.11 → 0.85-0.90 × the ideal pipeline).
// Loaded by createUploader's pump. Each request's controller becomes its run's, and its answer the run's first presign
// (driveUpload); cancel and remove abort it before that (stopWork). A target asked ahead survives a change of `presign`,
// `presignHeaders` or `provider`, as a running file's does: React apps pass new functions on every render.
import { onlineManager } from '@tanstack/query-core';
import { callApp } from './callApp';
import { failed, type DriveContext, type EarlyAnswer } from './driveUpload';
import { needsPreparation } from './needsPreparation';
import { requestPresign } from './presign';
import type { FileRecord } from './reducer';
import type { UploadOptions } from './types';

/**
 * A file's work before its run (createUploader's `before`): the controller of its check's preparation, or of its
 * presign asked ahead with that answer (the controller then becomes the run's).
 */
export interface BeforeRun {
  controller: AbortController;
  answer?: Promise<EarlyAnswer>;
}

/** The passes the task in flight will run (inATask). */
const waiting: (() => void)[] = [];

/** The Prioritized Task Scheduling API (Chromium, Firefox), where there is one. */
type Scheduler = { postTask(callback: () => void): Promise<unknown> };

/**
 * Runs `task` in a task of its own: after the requests of the runs the pump has just started, whose presigns go first
 * (pick order, and no early request ahead of a slot's own for the host's few connections). Passes asked for before
 * that task runs share it (`pump` asks at every check and every finished file); one that throws is reported
 * (callApp.ts) and the others still run. Posted with `scheduler.postTask` where there is one (a MessageChannel per task
 * cost more CPU than the pass: README, Performance), else as a message, else with a timer: a timer last, as a hidden
 * tab delays timers to a second and presign ahead would come after the slot it prepares for.
 */
export function inATask(task: () => void): void {
  if (!waiting.length) {
    const run = () => {
      for (const next of waiting.splice(0)) callApp(next);
    };
    // Posted first: if that throws, nothing is left waiting for a task that never comes.
    const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
    if (typeof scheduler?.postTask === 'function') scheduler.postTask(run).catch(() => {});
    else if (typeof MessageChannel === 'function') {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        run();
      };
      port2.postMessage(null);
    } else setTimeout(run);
  }
  waiting.push(task);
}

/**
 * Asks for the targets of the next files in `order` from `cursor` (the files before it are settled), up to one per
 * run (`runs`, one per slot). Not while offline (the file would wait anyway), nor while a run waits to try again (a
 * failing endpoint is not asked twice as often), nor for a file that will be prepared in its slot (the file sent is
 * another). Each presign, with its controller, goes into `before` (work before a run) by file id.
 */
export function presignAhead(
  order: readonly string[],
  files: ReadonlyMap<string, FileRecord>,
  cursor: number,
  runs: ReadonlyMap<string, AbortController>,
  before: Map<string, BeforeRun>,
  options: UploadOptions,
): void {
  let room = runs.size;
  for (const work of before.values()) if (work.answer) room--;
  const now = Date.now();
  for (const id of runs.keys()) if ((files.get(id)?.retryAt ?? 0) > now) room = 0;
  for (let i = cursor; room > 0 && onlineManager.isOnline() && i < order.length; i++) {
    const record = files.get(order[i]!)!;
    if (record.status !== 'queued' || runs.has(record.id) || before.has(record.id) || needsPreparation(record, options)) continue;
    const controller = new AbortController();
    // Never rejects: requestPresign ends every failure as a result. An abort is no answer: the run asks again. A
    // failure's backoff (and a 429's Retry-After) counts from when it came, not from when the run takes it.
    const answer = requestPresign(record, options, controller.signal).then((result) => {
      const at = Date.now();
      return (ctx: DriveContext) => {
        if (result.ok) ctx.dispatch({ type: 'presigned', id: ctx.id, run: ctx.run, target: result.target });
        else if ('error' in result) return failed(ctx, result.error, at);
      };
    });
    before.set(record.id, { controller, answer });
    room--;
  }
}
