import { describe, expect, it } from 'vitest';
import { initialState, uploaderReducer, type FileRecord, type UploaderState } from '../../src/core/reducer';
import type { UploadStatus } from '../../src/core/types';

function record(id: string, status: UploadStatus = 'queued', extra: Partial<FileRecord> = {}): FileRecord {
  const file = new File(['x'], `${id}.png`, { type: 'image/png' });
  return {
    id, file, name: file.name, size: 1, type: 'image/png', status, loaded: 0, total: 1,
    value: null, error: null, previewUrl: null, samples: [], ...extra,
  };
}

const withFiles = (...files: FileRecord[]): UploaderState => ({ files, retainedValue: null });
const error = { code: 'network-error' as const, message: 'offline' };

describe('uploaderReducer', () => {
  it('walks queued → presigning → uploading → done', () => {
    let state = uploaderReducer(initialState, { type: 'add', records: [record('a')], replace: false });
    state = uploaderReducer(state, { type: 'presign', id: 'a' });
    expect(state.files[0]!.status).toBe('presigning');
    state = uploaderReducer(state, { type: 'start', id: 'a', total: 10, at: 0 });
    expect(state.files[0]).toMatchObject({ status: 'uploading', loaded: 0, total: 10 });
    state = uploaderReducer(state, { type: 'progress', updates: [{ id: 'a', loaded: 4, total: 10, at: 100 }] });
    expect(state.files[0]!.loaded).toBe(4);
    state = uploaderReducer(state, { type: 'done', id: 'a', value: 'https://x' });
    expect(state.files[0]).toMatchObject({ status: 'done', loaded: 10, value: 'https://x', error: null });
  });

  it.each([
    ['done', { type: 'progress', updates: [{ id: 'a', loaded: 1, total: 1, at: 0 }] }],
    ['done', { type: 'fail', id: 'a', error }],
    ['done', { type: 'cancel', id: 'a' }],
    ['canceled', { type: 'done', id: 'a', value: 'x' }],
    ['error', { type: 'progress', updates: [{ id: 'a', loaded: 1, total: 1, at: 0 }] }],
    ['queued', { type: 'done', id: 'a', value: 'x' }],
    ['queued', { type: 'start', id: 'a', total: 1, at: 0 }],
    ['uploading', { type: 'requeue', id: 'a' }],
    ['uploading', { type: 'reject', id: 'a', error }],
    ['done', { type: 'requeue', id: 'a' }],
  ] as const)('ignores an illegal transition from %s (%o): same state object', (status, action) => {
    const state = withFiles(record('a', status));
    expect(uploaderReducer(state, action)).toBe(state);
  });

  it('ignores actions for unknown ids', () => {
    const state = withFiles(record('a'));
    expect(uploaderReducer(state, { type: 'cancel', id: 'zzz' })).toBe(state);
    expect(uploaderReducer(state, { type: 'remove', id: 'zzz' })).toBe(state);
  });

  it('cancel from any active status ends canceled with no error', () => {
    for (const status of ['queued', 'presigning', 'uploading'] as const) {
      const next = uploaderReducer(withFiles(record('a', status)), { type: 'cancel', id: 'a' });
      expect(next.files[0]).toMatchObject({ status: 'canceled', error: null });
    }
  });

  it('requeue brings back canceled and failed files but never validation rejections', () => {
    const canceled = uploaderReducer(withFiles(record('a', 'canceled', { loaded: 1 })), { type: 'requeue', id: 'a' });
    expect(canceled.files[0]).toMatchObject({ status: 'queued', loaded: 0 });
    const failed = uploaderReducer(withFiles(record('a', 'error', { error })), { type: 'requeue', id: 'a' });
    expect(failed.files[0]).toMatchObject({ status: 'queued', error: null });
    const rejected = withFiles(record('a', 'error', { error: { code: 'file-too-large', message: 'a.png is 4 KB; the limit is 1 KB.' } }));
    expect(uploaderReducer(rejected, { type: 'requeue', id: 'a' })).toBe(rejected);
  });

  it('keeps the identity of files a progress batch did not touch', () => {
    const state = withFiles(record('a', 'uploading', { total: 10 }), record('b', 'uploading', { total: 10 }));
    const next = uploaderReducer(state, { type: 'progress', updates: [{ id: 'a', loaded: 5, total: 10, at: 1 }] });
    expect(next.files[0]).not.toBe(state.files[0]);
    expect(next.files[1]).toBe(state.files[1]);
    const same = uploaderReducer(next, { type: 'progress', updates: [{ id: 'a', loaded: 5, total: 10, at: 2 }] });
    expect(same).toBe(next);
  });

  it('drops speed samples older than the window', () => {
    let state = withFiles(record('a', 'uploading', { total: 100, samples: [{ at: 0, loaded: 0 }] }));
    state = uploaderReducer(state, { type: 'progress', updates: [{ id: 'a', loaded: 10, total: 100, at: 1000 }] });
    state = uploaderReducer(state, { type: 'progress', updates: [{ id: 'a', loaded: 50, total: 100, at: 5000 }] });
    expect(state.files[0]!.samples).toEqual([{ at: 5000, loaded: 50 }]);
  });

  it('retrying clears the speed samples of an active file and is ignored otherwise', () => {
    const active = withFiles(record('a', 'uploading', { loaded: 5, samples: [{ at: 0, loaded: 0 }, { at: 1, loaded: 5 }] }));
    const next = uploaderReducer(active, { type: 'retrying', id: 'a' });
    expect(next.files[0]).toMatchObject({ status: 'uploading', loaded: 5, samples: [] });
    const done = withFiles(record('a', 'done'));
    expect(uploaderReducer(done, { type: 'retrying', id: 'a' })).toBe(done);
  });

  it('replace keeps the old done value until the new file is done', () => {
    const old = withFiles(record('a', 'done', { value: 'https://old' }));
    let state = uploaderReducer(old, { type: 'add', records: [record('b')], replace: true });
    expect(state.files.map((f) => f.id)).toEqual(['b']);
    expect(state.retainedValue).toBe('https://old');
    state = uploaderReducer(state, { type: 'presign', id: 'b' });
    state = uploaderReducer(state, { type: 'start', id: 'b', total: 1, at: 0 });
    state = uploaderReducer(state, { type: 'done', id: 'b', value: 'https://new' });
    expect(state.retainedValue).toBeNull();
  });

  it('removing a replacement that never finished keeps the retained value; clear resets everything', () => {
    const state: UploaderState = { files: [record('b', 'error')], retainedValue: 'https://old' };
    expect(uploaderReducer(state, { type: 'remove', id: 'b' })).toEqual({ files: [], retainedValue: 'https://old' });
    expect(uploaderReducer(state, { type: 'clear' })).toBe(initialState);
    expect(uploaderReducer(initialState, { type: 'clear' })).toBe(initialState);
  });
});
