import { describe, expect, it } from 'vitest';
import { fileReducer, newRecord, type FileAction, type FileRecord, type Phase } from '../../src/core/reducer';
import type { UploadError, UploadTarget } from '../../src/core/types';

function record(status: Phase = 'queued', extra: Partial<FileRecord> = {}): FileRecord {
  const file = new File(['x'], 'a.png', { type: 'image/png' });
  return { ...newRecord(file, 'a'), status, checked: status !== 'checking', ...extra };
}

const target: UploadTarget = { url: 'https://s3/x', method: 'PUT', headers: {}, fields: {}, fileField: 'file' };
const error = { code: 'network-error' as const, message: 'offline' };
const reduce = (r: FileRecord, ...actions: FileAction[]) => actions.reduce(fileReducer, r);

describe('fileReducer', () => {
  it('walks checking → queued → preparing → presigning → uploading → done', () => {
    let r = reduce(record('checking'), { type: 'checked', id: 'a', mime: 'image/png', error: null });
    expect(r).toMatchObject({ status: 'queued', checked: true, type: 'image/png' });
    r = fileReducer(r, { type: 'start', id: 'a', run: 7, prepare: true });
    expect(r).toMatchObject({ status: 'preparing', run: 7 });
    const prepared = new File(['xy'], 'a.png', { type: 'image/png' });
    r = fileReducer(r, { type: 'prepared', id: 'a', run: 7, file: prepared, mime: 'image/png', changes: [{ kind: 'location-removed' }], key: 'k' });
    expect(r).toMatchObject({ status: 'presigning', upload: prepared, size: 2, total: 2, prepared: 'k' });
    r = reduce(r, { type: 'presigned', id: 'a', run: 7, target }, { type: 'send', id: 'a', run: 7, at: 0 });
    expect(r).toMatchObject({ status: 'uploading', loaded: 0, target });
    r = fileReducer(r, { type: 'progress', id: 'a', loaded: 1, total: 2, at: 100 });
    expect(r.loaded).toBe(1);
    r = fileReducer(r, { type: 'done', id: 'a', run: 7, value: 'https://x' });
    expect(r).toMatchObject({ status: 'done', loaded: 2, value: 'https://x', error: null, run: 0 });
  });

  it('start goes to preparing or straight to presigning, as the run was told (needsPreparation.ts decides)', () => {
    expect(fileReducer(record(), { type: 'start', id: 'a', run: 1, prepare: false }).status).toBe('presigning');
    expect(fileReducer(record(), { type: 'start', id: 'a', run: 1, prepare: true }).status).toBe('preparing');
  });

  it('a check that removed metadata hands over the prepared file: type, size, changes and settings come from it', () => {
    const picked = new File(['0123456789'], 'a.png', { type: 'image/png' });
    const stripped = new File(['0123'], 'a.png', { type: 'image/png' });
    const checking = record('checking', { file: picked, upload: picked, size: 10, total: 10 });
    const changes = [{ kind: 'location-removed' as const }];
    const after = fileReducer(checking, { type: 'checked', id: 'a', mime: 'image/png', error: null, prepared: { file: stripped, mime: 'image/png', changes, key: 'k' } });
    expect(after).toMatchObject({ status: 'queued', checked: true, prepared: 'k', sniffed: 'image/png', upload: stripped, size: 4, total: 4, type: 'image/png', changes });
  });

  it('a check that lands on a canceled file gives it its type and any rule it breaks, never another error', () => {
    const canceled = record('canceled', { checked: false });
    const failed = { code: 'prepare-failed', message: 'a.png could not be prepared' } as UploadError;
    expect(fileReducer(canceled, { type: 'checked', id: 'a', mime: 'image/png', error: failed })).toMatchObject({ status: 'canceled', error: null, checked: true, type: 'image/png' });
    const refused = { code: 'file-too-large', message: 'a.png is too large' } as UploadError;
    expect(fileReducer(canceled, { type: 'checked', id: 'a', mime: 'image/png', error: refused })).toMatchObject({ status: 'error', error: refused });
  });

  it.each<[Phase, FileAction]>([
    ['done', { type: 'progress', id: 'a', loaded: 1, total: 1, at: 0 }],
    ['done', { type: 'fail', id: 'a', run: 0, error }],
    ['done', { type: 'cancel', id: 'a' }],
    ['canceled', { type: 'done', id: 'a', run: 0, value: 'x' }],
    ['error', { type: 'progress', id: 'a', loaded: 1, total: 1, at: 0 }],
    ['queued', { type: 'done', id: 'a', run: 0, value: 'x' }],
    ['queued', { type: 'send', id: 'a', run: 0, at: 0 }],
    ['uploading', { type: 'requeue', id: 'a' }],
    ['uploading', { type: 'start', id: 'a', run: 2, prepare: false }],
    ['done', { type: 'requeue', id: 'a' }],
    ['queued', { type: 'checked', id: 'a', mime: 'image/png', error }],
  ])('ignores an illegal transition from %s (%o): same record', (status, action) => {
    const r = record(status);
    expect(fileReducer(r, action)).toBe(r);
  });

  it('ignores the results of an earlier run (a cancel, then Retry, then the old XHR answers)', () => {
    const r = record('uploading', { run: 2, target });
    expect(fileReducer(r, { type: 'done', id: 'a', run: 1, value: 'x' })).toBe(r);
    expect(fileReducer(r, { type: 'fail', id: 'a', run: 1, error })).toBe(r);
    expect(fileReducer(r, { type: 'done', id: 'a', run: 2, value: 'x' }).status).toBe('done');
  });

  it('cancel from any active status ends canceled with no error', () => {
    for (const status of ['checking', 'queued', 'preparing', 'presigning', 'uploading'] as const) {
      expect(fileReducer(record(status), { type: 'cancel', id: 'a' })).toMatchObject({ status: 'canceled', error: null, run: 0 });
    }
  });

  it('a file canceled while checked still gets its type and its rejection', () => {
    const canceled = record('canceled', { checked: false });
    expect(fileReducer(canceled, { type: 'checked', id: 'a', mime: 'image/png', error: null })).toMatchObject({
      status: 'canceled',
      checked: true,
      type: 'image/png',
    });
    const rejection = { code: 'file-too-large' as const, message: 'big' };
    expect(fileReducer(canceled, { type: 'checked', id: 'a', mime: 'image/png', error: rejection }).status).toBe('error');
  });

  it('requeue brings back canceled and failed files, unchecked ones to checking, never rejections', () => {
    expect(fileReducer(record('canceled'), { type: 'requeue', id: 'a' })).toMatchObject({ status: 'queued', target: null });
    expect(fileReducer(record('canceled', { checked: false }), { type: 'requeue', id: 'a' }).status).toBe('checking');
    expect(fileReducer(record('error', { error }), { type: 'requeue', id: 'a' })).toMatchObject({ status: 'queued', error: null });
    const rejected = record('error', { error: { code: 'file-invalid-dimensions', message: 'small' } });
    expect(fileReducer(rejected, { type: 'requeue', id: 'a' })).toBe(rejected);
  });

  it('a wait keeps the target, records the failed attempts and drops the speed samples; without a target it presigns', () => {
    const r = record('uploading', { run: 1, target, samples: [{ at: 0, loaded: 0 }] });
    expect(fileReducer(r, { type: 'wait', id: 'a', run: 1, retryAt: 500, attempt: 1 })).toMatchObject({
      status: 'uploading',
      target,
      attempt: 1,
      retryAt: 500,
      samples: [],
    });
    const presigning = record('presigning', { run: 1 });
    expect(fileReducer(presigning, { type: 'wait', id: 'a', run: 1, retryAt: 500, attempt: 1 })).toMatchObject({ status: 'presigning', target: null, attempt: 1 });
    // The count is the action's: a failure put down to the network is given back (driveUpload), not counted again.
    const twice = record('uploading', { run: 1, target, attempt: 2 });
    expect(fileReducer(twice, { type: 'wait', id: 'a', run: 1, retryAt: 0, attempt: 1 })).toMatchObject({ attempt: 1, retryAt: 0 });
  });

  it('presigns again after an expiry only once per run', () => {
    const r = record('uploading', { run: 1, target });
    const once = fileReducer(r, { type: 'presign', id: 'a', run: 1, expired: true });
    expect(once).toMatchObject({ status: 'presigning', target: null, expiredRetryUsed: true });
    const again = fileReducer({ ...once, status: 'uploading', target }, { type: 'presign', id: 'a', run: 1, expired: true });
    expect(again.status).toBe('uploading');
    expect(fileReducer(record('queued', { expiredRetryUsed: true }), { type: 'start', id: 'a', run: 2, prepare: false }).expiredRetryUsed).toBe(false);
  });

  it('keeps only speed samples within the window', () => {
    let r = record('uploading', { samples: [{ at: 0, loaded: 0 }] });
    r = fileReducer(r, { type: 'progress', id: 'a', loaded: 1, total: 10, at: 1000 });
    r = fileReducer(r, { type: 'progress', id: 'a', loaded: 2, total: 10, at: 5000 });
    expect(r.samples.map((s) => s.at)).toEqual([5000]);
  });
});
