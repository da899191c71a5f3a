import { QueryClient } from '@tanstack/query-core';
import { describe, expect, it, vi } from 'vitest';
import { FakeXhr, MAGIC, mediaFile, nativeTarget, png, setup, until, useUploaderTestClock } from './helpers';

useUploaderTestClock();

describe('an upload from drop to form value', () => {
  it('adds the file synchronously as queued, then presigns, PUTs the File itself and ends done with the public URL', async () => {
    const { uploader, presign, onUploaded, file } = setup();
    const photo = png('photo.png', 1000);
    const pending = uploader.upload([photo]);
    expect(file().status).toBe('queued');
    expect(file().name).toBe('photo.png');
    await pending;
    await until(() => FakeXhr.all.length === 1, 'the PUT');

    expect(presign).toHaveBeenCalledTimes(1);
    expect(presign.mock.calls[0]![0]).toEqual({ filename: 'photo.png', contentType: 'image/png', size: 1000, fileType: 'image' });
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toBe(nativeTarget().uploadUrl);
    expect(xhr.body).toBe(photo);
    expect(xhr.withCredentials).toBe(false);
    expect(xhr.requestHeaders).toEqual({ 'Content-Type': 'image/png' });
    expect(file().status).toBe('uploading');
    expect(uploader.getSnapshot().isUploading).toBe(true);

    xhr.respond(200);
    await until(() => file().status === 'done', 'done');
    expect(file().value).toBe('https://cdn.example.com/uploads/abc.png');
    expect(file().progress).toBe(1);
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/uploads/abc.png']);
    expect(uploader.getSnapshot().isUploading).toBe(false);
    expect(onUploaded).toHaveBeenCalledTimes(1);
    expect(onUploaded.mock.calls[0]![0]).toBe(file());
  });

  it('removes every listener it added to the XHR and its upload', async () => {
    const { uploader, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    const xhr = FakeXhr.last();
    expect(xhr.listenerCount).toBeGreaterThan(0);
    xhr.respond(200);
    await until(() => file().status === 'done');
    expect(xhr.listenerCount).toBe(0);
    expect(xhr.upload.listenerCount).toBe(0);
  });

  it('returns the same snapshot until something changes, and keeps unchanged entries identical', async () => {
    const { uploader } = setup({ multiple: true });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.all.length === 2);
    const before = uploader.getSnapshot();
    expect(uploader.getSnapshot()).toBe(before);
    FakeXhr.all[0]!.progress(500, 1000);
    await vi.advanceTimersByTimeAsync(20);
    const after = uploader.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.files[0]).not.toBe(before.files[0]);
    expect(after.files[1]).toBe(before.files[1]);
    expect(Object.isFrozen(after.files[0])).toBe(true);
  });

  it('keeps values in the order the files were picked, not the order they finished', async () => {
    const { uploader } = setup({ multiple: true }, (req) => nativeTarget({ publicUrl: `https://cdn.example.com/${req.filename}` }));
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.all.length === 2);
    FakeXhr.all[1]!.respond(200);
    await until(() => uploader.getSnapshot().value.length === 1);
    FakeXhr.all[0]!.respond(200);
    await until(() => uploader.getSnapshot().value.length === 2);
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']);
  });

  it('a multipart POST (the pruna proxy) sends the file part with the type presigned, not the one the browser declared', async () => {
    const { uploader, presign } = setup({ provider: 'pruna' }, () => ({ uploadUrl: 'https://app.example.com/api/uploads/pruna', method: 'POST', fileField: 'content' }));
    // A HEIC photo as Chrome on Windows hands it over: no declared type (sent as application/octet-stream).
    await uploader.upload([mediaFile('IMG_0001.heic', '', MAGIC.heic, 2000)]);
    await until(() => FakeXhr.all.length === 1);
    const part = (FakeXhr.last().body as FormData).get('content') as File;
    expect(presign.mock.calls[0]![0].contentType).toBe('image/heic');
    expect(part).toMatchObject({ type: 'image/heic', name: 'IMG_0001.heic', size: 2000 });
  });
});

describe('progress', () => {
  it('coalesces many progress events in one frame into one snapshot change, with speed and ETA derived', async () => {
    const { uploader, changes, file } = setup();
    await uploader.upload([png('big.png', 10_000)]);
    await until(() => FakeXhr.all.length === 1);
    const xhr = FakeXhr.last();
    changes.mockClear();
    for (let loaded = 100; loaded <= 2000; loaded += 100) xhr.progress(loaded, 10_000);
    expect(changes).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(16);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(file().loaded).toBe(2000);
    expect(file().progress).toBeCloseTo(0.2);

    await vi.advanceTimersByTimeAsync(1000 - 16);
    xhr.progress(4000, 10_000);
    await vi.advanceTimersByTimeAsync(16);
    expect(file().bytesPerSecond).toBeGreaterThan(3000);
    expect(file().bytesPerSecond).toBeLessThan(5000);
    expect(file().etaSeconds).toBeCloseTo(6000 / file().bytesPerSecond!, 5);
  });

  it('flushes pending progress with done in the same notification, and ignores progress after it', async () => {
    const { uploader, changes, file } = setup();
    await uploader.upload([png('a.png', 1000)]);
    await until(() => FakeXhr.all.length === 1);
    const xhr = FakeXhr.last();
    const seen: [string, number][] = [];
    changes.mockImplementation(() => seen.push([file().status, file().loaded]));
    xhr.progress(1000, 1000);
    xhr.respond(200);
    await until(() => file().status === 'done');
    await vi.advanceTimersByTimeAsync(16);
    // At most one notification per frame: the terminal status, with the last progress applied before it.
    expect(seen).toEqual([['done', 1000]]);
    changes.mockClear();
    xhr.progress(10, 1000);
    await vi.advanceTimersByTimeAsync(50);
    expect(changes).not.toHaveBeenCalled();
  });

  it('uses an injected frame scheduler', async () => {
    const frames: (() => void)[] = [];
    const { uploader, file } = setup({
      scheduleFrame: (cb: () => void) => {
        frames.push(cb);
        return () => {};
      },
    });
    await uploader.upload([png('a.png', 1000)]);
    await until(() => FakeXhr.all.length === 1);
    for (const frame of frames.splice(0)) frame(); // the status changes so far
    FakeXhr.last().progress(300, 1000);
    FakeXhr.last().progress(600, 1000);
    expect(frames).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(file().loaded).toBe(0);
    frames[0]!();
    expect(file().loaded).toBe(600);
  });
});

describe('concurrency', () => {
  it('each file starts as soon as its own bytes are checked: a file still being read holds no later one back', async () => {
    const { uploader, presign } = setup({ multiple: true }, (req) => nativeTarget({ publicUrl: `https://cdn.example.com/${req.filename}` }));
    const slow = png('slow.png');
    // Its first bytes never arrive (a file on a network drive that hangs).
    const never = () => new Promise<never>(() => {});
    // A small file is read whole, a larger one through a slice: neither ever answers.
    Object.defineProperty(slow, 'slice', { value: () => ({ arrayBuffer: never }) });
    Object.defineProperty(slow, 'arrayBuffer', { value: never });
    void uploader.upload([slow, png('fast.png')]);
    await until(() => FakeXhr.all.length === 1, 'the second file to start');
    expect(presign.mock.calls.map(([req]) => req.filename)).toEqual(['fast.png']);
    expect(uploader.getSnapshot().files.map((f) => f.status)).toEqual(['queued', 'uploading']);
    FakeXhr.last().respond(200);
    await until(() => uploader.getSnapshot().files[1]!.status === 'done');
    // The field keeps pick order: the slow file's value would come first once it is done.
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/fast.png']);
    uploader.destroy();
  });

  it('a 50-file drop is heard in one notification that lists every file, after its first presign', async () => {
    const { uploader, presign, changes } = setup({ multiple: true });
    const presignedWhenHeard: number[] = [];
    changes.mockImplementation(() => presignedWhenHeard.push(presign.mock.calls.length));
    void uploader.upload(Array.from({ length: 50 }, (_, i) => png(`${i}.png`)));
    expect(changes).not.toHaveBeenCalled();
    await until(() => changes.mock.calls.length > 0, 'the drop to be heard');
    expect(presignedWhenHeard[0]).toBeGreaterThanOrEqual(1);
    // Every file is listed in that first notification.
    expect(uploader.getSnapshot().files).toHaveLength(50);
    uploader.destroy();
  });

  it('a drop is heard once the files that start now are sending their bytes: a render before that delayed their PUTs', async () => {
    // The first file's target comes at once, the next two files' only when the test says.
    let answer = () => {};
    const later = new Promise<void>((resolve) => (answer = resolve));
    const { uploader, changes } = setup({ multiple: true, concurrency: 3 }, async (req) => {
      if (req.filename !== '0.png') await later;
      return nativeTarget();
    });
    const sendingWhenHeard: number[] = [];
    changes.mockImplementation(() => sendingWhenHeard.push(FakeXhr.all.length));
    void uploader.upload(Array.from({ length: 8 }, (_, i) => png(`${i}.png`)));
    await until(() => FakeXhr.all.length === 1, 'the first file to be sending');
    await vi.advanceTimersByTimeAsync(50);
    expect(changes).not.toHaveBeenCalled();
    answer();
    await until(() => changes.mock.calls.length > 0, 'the drop to be heard');
    expect(sendingWhenHeard[0]).toBe(3);
    expect(uploader.getSnapshot().files.map((f) => f.status).slice(0, 4)).toEqual(['uploading', 'uploading', 'uploading', 'queued']);
    uploader.destroy();
  });

  it('a starting file that is being prepared is on its way: the drop is heard without waiting for its preparation', async () => {
    // The app's transform never ends: the file stays in `preparing`.
    const { uploader, changes } = setup({ multiple: true, prepare: { transform: () => new Promise<never>(() => {}) } });
    void uploader.upload([png('slow.png')]);
    await until(() => uploader.getSnapshot().files[0]?.status === 'preparing' || changes.mock.calls.length > 0, 'the preparation to start');
    await until(() => changes.mock.calls.length > 0, 'the drop to be heard');
    expect(uploader.getSnapshot().files.map((f) => f.status)).toEqual(['preparing']);
    uploader.destroy();
  });

  it('an upload of no files holds nothing back', async () => {
    const { uploader } = setup({ multiple: true });
    const timers = vi.getTimerCount();
    void uploader.upload([]);
    expect(vi.getTimerCount()).toBe(timers);
    uploader.destroy();
  });

  it('with every slot busy, a drop is heard at the next change: none of its files starts, so none is waited for', async () => {
    const { uploader, changes } = setup({ multiple: true, concurrency: 1 });
    void uploader.upload([png('busy.png')]);
    await until(() => FakeXhr.all.length === 1, 'the first upload to be sending');
    await until(() => changes.mock.calls.length > 0);
    changes.mockClear();
    void uploader.upload([png('waits.png')]);
    await until(() => changes.mock.calls.length > 0, 'the second drop to be heard');
    expect(uploader.getSnapshot().files.map((f) => [f.name, f.status])).toEqual([['busy.png', 'uploading'], ['waits.png', 'queued']]);
    uploader.destroy();
  });

  it('a drop whose first file is never read is heard anyway, after 100 ms', async () => {
    const { uploader, presign, changes } = setup({ multiple: true });
    const stuck = png('stuck.png');
    const never = () => new Promise<never>(() => {});
    Object.defineProperty(stuck, 'slice', { value: () => ({ arrayBuffer: never }) });
    Object.defineProperty(stuck, 'arrayBuffer', { value: never });
    void uploader.upload([stuck]);
    await vi.advanceTimersByTimeAsync(99);
    expect(changes).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(uploader.getSnapshot().files.map((f) => [f.name, f.status])).toEqual([['stuck.png', 'queued']]);
    expect(presign).not.toHaveBeenCalled();
    uploader.destroy();
  });

  it('a user action during the hold is heard at once, and ends the hold', async () => {
    const { uploader, changes } = setup({ multiple: true });
    const stuck = png('stuck.png');
    const never = () => new Promise<never>(() => {});
    Object.defineProperty(stuck, 'slice', { value: () => ({ arrayBuffer: never }) });
    Object.defineProperty(stuck, 'arrayBuffer', { value: never });
    void uploader.upload([stuck]);
    uploader.cancel(uploader.getSnapshot().files[0]!.id);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(uploader.getSnapshot().files[0]!.status).toBe('canceled');
    await vi.advanceTimersByTimeAsync(200);
    expect(changes).toHaveBeenCalledTimes(1);
    uploader.destroy();
  });

  it('the drop is delivered batched (flushSync in React): the rows and the app\'s setState in onChange share a commit', async () => {
    const batch = vi.fn((notify: () => void) => notify());
    const { uploader, changes } = setup({ multiple: true, batch });
    void uploader.upload([png('a.png')]);
    await until(() => changes.mock.calls.length > 0, 'the drop to be heard');
    expect(batch).toHaveBeenCalledTimes(1);
    uploader.destroy();
  });

  it('files added again and again do not hold notifications past the first hold\'s 100 ms', async () => {
    const { uploader, changes } = setup({ multiple: true });
    const stuck = (name: string) => {
      const file = png(name);
      const never = () => new Promise<never>(() => {});
      Object.defineProperty(file, 'slice', { value: () => ({ arrayBuffer: never }) });
      Object.defineProperty(file, 'arrayBuffer', { value: never });
      return file;
    };
    void uploader.upload([stuck('0.png')]);
    for (let i = 1; i <= 3; i++) {
      await vi.advanceTimersByTimeAsync(50);
      void uploader.upload([stuck(`${i}.png`)]);
    }
    // At 150 ms: the first hold ended at 100 ms, and what was added by then was heard.
    expect(changes).toHaveBeenCalled();
    expect(uploader.getSnapshot().files.length).toBeGreaterThanOrEqual(3);
    uploader.destroy();
  });

  it('never has more than `concurrency` XHRs open, and presigns the next files ahead: one per upload, once each', async () => {
    const { uploader, presign } = setup({ multiple: true, concurrency: 2 });
    await uploader.upload([png('1.png'), png('2.png'), png('3.png'), png('4.png'), png('5.png')]);
    await until(() => FakeXhr.open.length === 2);
    // Two uploading, and the next two files' targets asked for while they wait for a slot (presignAhead.ts, in a task
    // of its own: a message, which the fake clock does not move, so it is waited for).
    await until(() => presign.mock.calls.length >= 4, 'the next two presigns ahead');
    await vi.advanceTimersByTimeAsync(50);
    expect(FakeXhr.open).toHaveLength(2);
    expect(presign).toHaveBeenCalledTimes(4);
    let finished = 0;
    while (finished < 5) {
      expect(FakeXhr.open.length).toBeLessThanOrEqual(2);
      FakeXhr.open[0]!.respond(200);
      finished++;
      await until(() => uploader.getSnapshot().files.filter((f) => f.status === 'done').length === finished);
      await until(() => FakeXhr.open.length === Math.min(2, 5 - finished), 'the next slot');
    }
    // FIFO: presigned in the order the files were added, each once.
    expect(presign.mock.calls.map((c) => c[0].filename)).toEqual(['1.png', '2.png', '3.png', '4.png', '5.png']);
  });
});

describe('cancel, retry, remove, clear', () => {
  it('an app callback that throws does not stall the queue or leave files unchecked', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bug = new Error('app bug');
    const boom = () => {
      throw bug;
    };
    const { uploader, file } = setup({ multiple: true, concurrency: 1, maxSize: 2000, onUploaded: boom, onError: boom });
    await uploader.upload([png('big.png', 4000), png('big2.png', 4000), png('a.png'), png('b.png')]);
    expect(file(1).error?.code).toBe('file-too-large');
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(200);
    await until(() => FakeXhr.all.length === 2, 'the next upload after a throwing onUploaded');
    FakeXhr.last().respond(200);
    await until(() => file(3).status === 'done');
    expect(file(2).status).toBe('done');
    // The app still hears about its bug, reported outside the uploader's bookkeeping.
    expect(logged).toHaveBeenCalledWith(bug);
    expect(logged).toHaveBeenCalledTimes(4);
    logged.mockRestore();
  });

  it('cancel aborts the XHR and ends canceled, not error; retry re-queues it', async () => {
    const { uploader, onError, file, presign } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    const xhr = FakeXhr.last();
    xhr.progress(200, 1000);
    uploader.cancel(file().id);
    expect(xhr.state).toBe('aborted');
    expect(file().status).toBe('canceled');
    expect(file().error).toBeNull();
    expect(file().value).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(file().status).toBe('canceled');
    expect(onError).not.toHaveBeenCalled();
    expect(FakeXhr.all).toHaveLength(1);

    uploader.retry(file().id);
    expect(file().status).not.toBe('canceled');
    await until(() => FakeXhr.all.length === 2);
    expect(presign).toHaveBeenCalledTimes(2);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
  });

  it('cancel during presign aborts the presign request', async () => {
    let seen: AbortSignal | undefined;
    const { uploader, file } = setup({
      presign: (_req, { signal }) => {
        seen = signal;
        return new Promise(() => {});
      },
    });
    await uploader.upload([png()]);
    await until(() => file().status === 'presigning');
    uploader.cancel(file().id);
    expect(seen?.aborted).toBe(true);
    expect(file().status).toBe('canceled');
  });

  it('remove aborts, drops the row, revokes its preview and frees the slot', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const { uploader } = setup({ multiple: true, concurrency: 1 });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.all.length === 1);
    const [a] = uploader.getSnapshot().files;
    const preview = a!.previewUrl;
    expect(preview).toMatch(/^blob:/);
    uploader.remove(a!.id);
    expect(FakeXhr.all[0]!.state).toBe('aborted');
    expect(revoke).toHaveBeenCalledWith(preview);
    // The removed file's entry no longer hands out its freed URL.
    expect(a!.previewUrl).toBeNull();
    expect(uploader.getSnapshot().files.map((f) => f.name)).toEqual(['b.png']);
    await until(() => FakeXhr.all.length === 2, 'the next file to start');
    revoke.mockRestore();
  });

  it('clear empties the list and the value', async () => {
    const { uploader, file } = setup();
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    uploader.clear();
    expect(uploader.getSnapshot().files).toEqual([]);
    expect(uploader.getSnapshot().value).toEqual([]);
  });

  it('destroy aborts everything, revokes previews and calls no listener afterwards', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const { uploader, changes, onError, onUploaded } = setup({ multiple: true });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => FakeXhr.all.length === 2);
    changes.mockClear();
    // Previews are made when read (as a row shows them): both are read, both are freed.
    expect(uploader.getSnapshot().files.map((f) => f.previewUrl)).toEqual([expect.stringMatching(/^blob:/), expect.stringMatching(/^blob:/)]);
    uploader.destroy();
    expect(FakeXhr.all.every((x) => x.state === 'aborted')).toBe(true);
    expect(revoke).toHaveBeenCalledTimes(2);
    const after = vi.fn();
    uploader.subscribe(after);
    await uploader.upload([png('c.png')]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(changes).not.toHaveBeenCalled();
    expect(after).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(onUploaded).not.toHaveBeenCalled();
    revoke.mockRestore();
  });
});

describe('without multiple', () => {
  it('a new file replaces the current one, whose value stays until the new one is done', async () => {
    const { uploader } = setup({}, (req) => nativeTarget({ publicUrl: `https://cdn.example.com/${req.filename}` }));
    await uploader.upload([png('first.png')]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(200);
    await until(() => uploader.getSnapshot().value.length === 1);

    await uploader.upload([png('second.png')]);
    await until(() => FakeXhr.all.length === 2);
    expect(uploader.getSnapshot().files.map((f) => f.name)).toEqual(['second.png']);
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/first.png']);

    FakeXhr.last().respond(200);
    await until(() => uploader.getSnapshot().files[0]!.status === 'done');
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/second.png']);
  });

  it('a failed, canceled or removed replacement leaves the old value; only clear drops it', async () => {
    const { uploader } = setup({ retry: false }, (req) => nativeTarget({ publicUrl: `https://cdn.example.com/${req.filename}` }));
    await uploader.upload([png('first.png')]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().respond(200);
    await until(() => uploader.getSnapshot().value.length === 1);

    await uploader.upload([png('second.png')]);
    await until(() => FakeXhr.all.length === 2);
    FakeXhr.last().respond(500);
    await until(() => uploader.getSnapshot().files[0]!.status === 'error');
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/first.png']);

    await uploader.upload([png('third.png')]);
    await until(() => FakeXhr.all.length === 3);
    uploader.cancel(uploader.getSnapshot().files[0]!.id);
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/first.png']);
    uploader.remove(uploader.getSnapshot().files[0]!.id);
    expect(uploader.getSnapshot().files).toEqual([]);
    expect(uploader.getSnapshot().value).toEqual(['https://cdn.example.com/first.png']);

    uploader.clear();
    expect(uploader.getSnapshot().value).toEqual([]);
  });

  it('replacing an upload in flight cancels and removes it', async () => {
    const { uploader, onError } = setup();
    await uploader.upload([png('first.png')]);
    await until(() => FakeXhr.all.length === 1);
    await uploader.upload([png('second.png')]);
    expect(FakeXhr.all[0]!.state).toBe('aborted');
    expect(uploader.getSnapshot().files.map((f) => f.name)).toEqual(['second.png']);
    await until(() => FakeXhr.all.length === 2);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('TanStack Query', () => {
  it('runs each upload as a mutation keyed ["media-uploader", …] in the provided QueryClient', async () => {
    const queryClient = new QueryClient();
    const { uploader, file } = setup({ queryClient });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    expect(queryClient.isMutating({ mutationKey: ['media-uploader'] })).toBe(1);
    const [mutation] = queryClient.getMutationCache().findAll({ mutationKey: ['media-uploader'] });
    expect(mutation?.options.mutationKey?.[0]).toBe('media-uploader');
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    expect(queryClient.isMutating({ mutationKey: ['media-uploader'] })).toBe(0);
    uploader.destroy();
  });

  it("a settled upload's mutation leaves the app's cache after its gcTime, as a useMutation's does once unmounted", async () => {
    // The app's client outlives the widget: a mutation kept for good also kept the uploader's closure (its options,
    // the app's callbacks) after destroy, one more per upload and per Retry.
    const queryClient = new QueryClient({ defaultOptions: { mutations: { gcTime: 1000 } } });
    const { uploader, file } = setup({ queryClient, multiple: true });
    const ours = () => queryClient.getMutationCache().findAll({ mutationKey: ['media-uploader'] });
    await uploader.upload([png('a.png'), png('b.png'), png('c.png')]);
    await until(() => FakeXhr.all.length === 3);
    FakeXhr.all[0]!.respond(200);
    FakeXhr.all[1]!.respond(400);
    uploader.cancel(file(2).id);
    await until(() => file(0).status === 'done' && file(1).status === 'error');
    expect(ours()).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ours()).toEqual([]);
    uploader.destroy();
  });

  it('a cancel during a retry delay leaves no pending mutation behind', async () => {
    const queryClient = new QueryClient();
    const { uploader, file } = setup({ queryClient });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().fail();
    await vi.advanceTimersByTimeAsync(100); // inside the first backoff delay (at least 500 ms)
    expect(queryClient.isMutating({ mutationKey: ['media-uploader'] })).toBe(1);
    uploader.cancel(file().id);
    // Through TanStack's public API the mutation settles a few microtasks later, not after the backoff delay.
    await vi.advanceTimersByTimeAsync(0);
    expect(queryClient.isMutating({ mutationKey: ['media-uploader'] })).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeXhr.all).toHaveLength(1);
    expect(file().status).toBe('canceled');
  });

  it.each(['cancel', 'destroy'] as const)('%s during a retry delay leaves no timer behind', async (how) => {
    const { uploader, file } = setup({ retry: { retries: 3, baseDelayMs: 20_000, maxDelayMs: 20_000 } });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().fail();
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    if (how === 'cancel') uploader.cancel(file().id);
    else uploader.destroy();
    // One frame for the notification of the cancel; the 20 s backoff timer must be gone with it.
    await vi.advanceTimersByTimeAsync(20);
    expect(vi.getTimerCount()).toBe(0);
    expect(FakeXhr.all).toHaveLength(1);
  });
});
