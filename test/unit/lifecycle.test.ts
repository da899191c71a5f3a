import { focusManager, onlineManager, QueryClient } from '@tanstack/query-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUploader } from '../../src/core/createUploader';
import { FakeXhr, MAGIC, mediaFile, png, setup, until, useUploaderTestClock } from './helpers';
import { concat, insertIntoPng, phoneTiff, PNG_SIGNATURE, pngChunk } from './media/mediaBytes';

useUploaderTestClock();
afterEach(() => {
  onlineManager.setOnline(true);
  vi.restoreAllMocks();
});

describe('offline', () => {
  it('waits while offline instead of failing, and starts when back online (private QueryClient)', async () => {
    onlineManager.setOnline(false);
    const { uploader, presign, file } = setup();
    await uploader.upload([png()]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(presign).not.toHaveBeenCalled();
    expect(FakeXhr.all).toHaveLength(0);
    expect(file().status).toBe('queued');
    onlineManager.setOnline(true);
    await until(() => FakeXhr.all.length === 1, 'the upload after reconnecting');
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    uploader.destroy();
  });

  it('a network error while offline waits for the connection to come back before its retry', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const queryClient = new QueryClient();
    queryClient.mount();
    const { uploader, file } = setup({ queryClient, retry: 1 });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    onlineManager.setOnline(false);
    FakeXhr.last().fail();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeXhr.all).toHaveLength(1);
    expect(file().status).toBe('uploading');
    onlineManager.setOnline(true);
    await until(() => FakeXhr.all.length === 2);
    FakeXhr.last().respond(200);
    await until(() => file().status === 'done');
    queryClient.unmount();
  });
});

describe('hidden tab', () => {
  it('keeps retrying while the page is hidden (TanStack pauses its own retryer when unfocused)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const queryClient = new QueryClient();
    queryClient.mount();
    const { uploader, file } = setup({ queryClient, retry: { retries: 2, baseDelayMs: 1000, maxDelayMs: 1000 } });
    await uploader.upload([png()]);
    await until(() => FakeXhr.all.length === 1);
    focusManager.setFocused(false);
    try {
      FakeXhr.last().fail();
      await vi.advanceTimersByTimeAsync(600);
      await until(() => FakeXhr.all.length === 2, 'the retry in a hidden tab');
      FakeXhr.last().respond(200);
      await until(() => file().status === 'done');
    } finally {
      focusManager.setFocused(undefined);
      queryClient.unmount();
    }
  });
});

describe('edges', () => {
  it('cancel keeps the progress reached so far', async () => {
    const { uploader, file } = setup();
    await uploader.upload([png('a.png', 1000)]);
    await until(() => FakeXhr.all.length === 1);
    FakeXhr.last().progress(400, 1000);
    uploader.cancel(file().id);
    expect(file()).toMatchObject({ status: 'canceled', loaded: 400 });
  });

  it('replacing a file revokes the old preview', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const { uploader, file } = setup();
    await uploader.upload([png('a.png')]);
    const oldPreview = file().previewUrl;
    expect(oldPreview).toMatch(/^blob:/);
    await uploader.upload([png('b.png')]);
    expect(revoke).toHaveBeenCalledWith(oldPreview);
    uploader.destroy();
  });

  it('a concurrency that is no number (Number() of a setting left out: NaN) runs the default 3 at once, not none', async () => {
    const { uploader, file } = setup({ multiple: true, concurrency: Number(undefined) });
    await uploader.upload([png('1.png'), png('2.png'), png('3.png'), png('4.png')]);
    await until(() => FakeXhr.open.length === 3, 'three uploads');
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeXhr.all).toHaveLength(3);
    expect(file(3).status).toBe('queued');
    uploader.destroy();
  });

  it('raising concurrency with setOptions starts waiting files', async () => {
    const { uploader } = setup({ multiple: true, concurrency: 1 });
    await uploader.upload([png('1.png'), png('2.png'), png('3.png')]);
    await until(() => FakeXhr.all.length === 1);
    uploader.setOptions({ concurrency: 3 });
    await until(() => FakeXhr.open.length === 3);
    uploader.destroy();
  });

  it('without XMLHttpRequest (SSR, Node) creating and reading the store works, and an upload fails as data', async () => {
    expect(typeof XMLHttpRequest).toBe('undefined');
    const onError = vi.fn();
    const uploader = createUploader({ presign: async () => ({ uploadUrl: 'https://s3.example.com/x', publicUrl: 'https://cdn/x' }), onError });
    expect(uploader.getSnapshot()).toEqual({
      files: [], fileIds: [], value: [], existingValues: [], isUploading: false, validationMessage: '', activity: [],
    });
    await uploader.upload([png()]);
    await until(() => uploader.getSnapshot().files[0]?.status === 'error');
    expect(uploader.getSnapshot().files[0]!.error).toMatchObject({ code: 'upload-failed' });
    expect(onError).toHaveBeenCalledTimes(1);
    uploader.destroy();
  });

  it.each(['clear', 'destroy'] as const)('files taken away by %s before their check are never read', async (how) => {
    // Bytes are read two files at a time: a drop of 20 files cleared at once must not go on reading the other 18.
    const reads = vi.spyOn(Blob.prototype, 'arrayBuffer');
    const { uploader } = setup({ multiple: true });
    const picked = Array.from({ length: 20 }, (_, i) => new File([gifBytes], `${i}.gif`, { type: 'image/gif' }));
    const checks = uploader.upload(picked);
    uploader[how]();
    await checks;
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads.mock.calls.length).toBeGreaterThan(0);
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    expect(FakeXhr.all).toHaveLength(0);
    uploader.destroy();
  });

  it('a listener that unsubscribes stops hearing changes', async () => {
    const { uploader } = setup();
    const listener = vi.fn();
    const unsubscribe = uploader.subscribe(listener);
    unsubscribe();
    await uploader.upload([png()]);
    expect(listener).not.toHaveBeenCalled();
    uploader.destroy();
  });
});

/** A GIF header: a type the check recognises and that needs no preparation (one read per check). */
const gifBytes = Uint8Array.from([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([1, 0, 1, 0, 0, 0, 0]));

const plainPng = concat(
  PNG_SIGNATURE,
  pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0)),
  pngChunk('IDAT', new Uint8Array(500)),
  pngChunk('IEND', new Uint8Array(0)),
);
/** A 1×1 PNG with a GPS block: it needs only its location removed, which its check does. */
const gpsPng = (name: string) => new File([insertIntoPng(plainPng, pngChunk('eXIf', phoneTiff({ gps: true }).bytes)) as Uint8Array<ArrayBuffer>], name, { type: 'image/png' });
/** A PNG cut inside its header: its location walk fails (prepare-failed). */
const damagedPng = () => new File([concat(PNG_SIGNATURE, pngChunk('IHDR', new Uint8Array(13))).subarray(0, 20) as Uint8Array<ArrayBuffer>], 'cut.png', { type: 'image/png' });

describe('preparing', () => {
  it('a PNG that needs only its location removed is prepared with its check: its slot goes straight to presigning, and the presign and PUT carry the stripped file', async () => {
    const ihdr = pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0));
    const plain = concat(PNG_SIGNATURE, ihdr, pngChunk('IDAT', new Uint8Array(500)), pngChunk('IEND', new Uint8Array(0)));
    const withGps = insertIntoPng(plain, pngChunk('eXIf', phoneTiff({ gps: true }).bytes));
    const picked = new File([withGps as Uint8Array<ArrayBuffer>], 'gps.png', { type: 'image/png' });
    const second = new File([withGps as Uint8Array<ArrayBuffer>], 'next.png', { type: 'image/png' });
    const { uploader, presign, file, onUploaded } = setup({ multiple: true, concurrency: 1 });
    await uploader.upload([picked, second]);
    await until(() => FakeXhr.all.length === 1, 'the first PUT');
    expect(file(0).changes).toEqual([{ kind: 'location-removed' }]);
    // The second file waits for the only slot, already prepared: when the slot frees it presigns at once.
    expect(file(1)).toMatchObject({ status: 'queued', changes: [{ kind: 'location-removed' }] });
    // The GPS block is blanked in place (DESIGN: the other bytes stay identical), so the size is the same; the
    // bytes sent are the prepared file's, not the picked one's.
    const sent = FakeXhr.all[0]!.body as File;
    expect(sent).not.toBe(picked);
    expect(presign.mock.calls[0]![0]).toMatchObject({ filename: 'gps.png', contentType: 'image/png', size: sent.size });
    expect(new Uint8Array(await sent.arrayBuffer())).not.toEqual(withGps);
    FakeXhr.last().respond(200);
    await until(() => FakeXhr.all.length === 2, 'the second PUT');
    FakeXhr.last().respond(200);
    await until(() => file(1).status === 'done');
    expect(onUploaded).toHaveBeenCalledTimes(2);
    uploader.destroy();
  });

  it('a damaged PNG fails as prepare-failed at its check, is never presigned, and can be retried', async () => {
    const damaged = new File([concat(PNG_SIGNATURE, pngChunk('IHDR', new Uint8Array(13))).subarray(0, 20) as Uint8Array<ArrayBuffer>], 'cut.png', { type: 'image/png' });
    const { uploader, presign, file, onError } = setup();
    await uploader.upload([damaged]);
    await until(() => file().status === 'error', 'the failed preparation');
    expect(file().error).toMatchObject({ code: 'prepare-failed' });
    expect(file().error!.message).toMatch(/^cut\.png could not be prepared for upload/);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(presign).not.toHaveBeenCalled();
    // A retry prepares it again (in its slot this time) and fails the same way, still without a presign.
    uploader.retry(file().id);
    await until(() => onError.mock.calls.length === 2, 'the retried preparation');
    expect(file().status).toBe('error');
    expect(presign).not.toHaveBeenCalled();
    uploader.destroy();
  });

  it('options changed while a check-prepared file waits apply to it: a constraint added is checked, never skipped', async () => {
    const { uploader, file, presign } = setup({ multiple: true, concurrency: 1 });
    await uploader.upload([gpsPng('a.png'), gpsPng('b.png')]);
    await until(() => FakeXhr.all.length === 1, 'the first PUT');
    expect(file(1)).toMatchObject({ status: 'queued', changes: [{ kind: 'location-removed' }] });
    // The app now wants 512 px images (a model picked): the waiting file was stripped before that rule existed.
    // Its 1×1 pixels break it (Node decodes no image either way: the check must run and fail, not be skipped).
    uploader.setOptions({ constraints: { image: { minWidth: 512 } } });
    FakeXhr.last().respond(200);
    await until(() => file(1).status === 'error', 'the second file checked against the new rule');
    expect(file(1).error!.code).toMatch(/^file-/);
    // Its target was asked for ahead, before the rule existed (presignAhead.ts); nothing of it was sent.
    expect(presign.mock.calls.map(([req]) => req.filename)).toEqual(['a.png', 'b.png']);
    expect(FakeXhr.all).toHaveLength(1);
    uploader.destroy();
  });

  it('a damaged PNG canceled while its check prepares it stays canceled: no error, no onError; a retry reports it', async () => {
    const { uploader, file, onError, presign } = setup();
    const pending = uploader.upload([damagedPng()]);
    uploader.cancel(file().id);
    await pending;
    expect(file()).toMatchObject({ status: 'canceled', error: null });
    expect(onError).not.toHaveBeenCalled();
    uploader.retry(file().id);
    await until(() => file().status === 'error', 'the retried preparation');
    expect(file().error!.code).toBe('prepare-failed');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(presign).not.toHaveBeenCalled();
    uploader.destroy();
  });

  /** Advances fake time in steps until `predicate` holds (a preparation's own timers, then its Blob reads). */
  async function advanceUntil(predicate: () => boolean, what: string): Promise<void> {
    for (let step = 0; step < 300 && !predicate(); step++) {
      await vi.advanceTimersByTimeAsync(100);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!predicate()) throw new Error(`timed out waiting for ${what}`);
  }

  it.each(['cancel', 'remove'] as const)(
    '%s does not wait for an app transform that ignores its signal: the next file starts, the late result changes nothing',
    async (action) => {
      const log: string[] = [];
      // A conversion library that cannot stop: it never looks at its signal.
      const transform = async (file: File) => {
        log.push(`start ${file.name}`);
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        log.push(`end ${file.name}`);
        return file;
      };
      const { uploader, file, presign } = setup({ multiple: true, concurrency: 1, prepare: { transform, stripMetadata: false } });
      await uploader.upload([png('a.png'), png('b.png')]);
      await until(() => log.length === 1, 'the first preparation');
      expect(file(0).status).toBe('preparing');
      uploader[action](file(0).id);
      // A stuck transform would otherwise hold the only slot for good.
      await until(() => log.includes('start b.png'), 'the second preparation');
      expect(log).toEqual(['start a.png', 'start b.png']);
      await advanceUntil(() => log.includes('end b.png'), 'both transforms to end');
      await until(() => presign.mock.calls.length === 1, "b's presign");
      expect(presign.mock.calls.map(([req]) => req.filename)).toEqual(['b.png']);
      if (action === 'cancel') expect(file(0).status).toBe('canceled');
      uploader.destroy();
    },
  );

  it('a preview is made when first read, of what is sent: the prepared file once there is one, the picked one freed then', async () => {
    const made: string[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:test/${(blob as File).name}`;
      made.push(url);
      return url;
    });
    let finishTransform: (() => void) | null = null;
    const transform = (picked: File) => new Promise<File>((resolve) => (finishTransform = () => resolve(png(`small-${picked.name}`, 500))));
    const { uploader, file } = setup({ prepare: { transform, stripMetadata: false } });
    await uploader.upload([png('a.png')]);
    await until(() => finishTransform !== null, 'the transform');
    expect(file().status).toBe('preparing');
    // Nothing is made until something reads it (a headless app that shows no preview pays nothing).
    expect(made).toEqual([]);
    const picked = file();
    expect(picked.previewUrl).toBe('blob:test/a.png');
    expect(picked.previewUrl).toBe('blob:test/a.png');
    finishTransform!();
    await until(() => file().status === 'uploading', 'the upload of the prepared file');
    expect(file().previewUrl).toBe('blob:test/small-a.png');
    expect(revoked).toEqual(['blob:test/a.png']);
    // An entry from before the preparation makes no new URL for its freed one.
    expect(picked.previewUrl).toBeNull();
    expect(made).toEqual(['blob:test/a.png', 'blob:test/small-a.png']);
    uploader.destroy();
    expect(revoked).toEqual(['blob:test/a.png', 'blob:test/small-a.png']);
  });

  it('a Retry with a transform that is a new function (an inline one, new each render) does not transform again', async () => {
    let transforms = 0;
    const transform = async (picked: File) => (transforms++, png(`small-${picked.name}`, 500));
    const { uploader, file, presign } = setup({ prepare: { transform, stripMetadata: false }, retry: false });
    await uploader.upload([png('photo.png')]);
    await until(() => FakeXhr.all.length === 1, 'the PUT');
    FakeXhr.last().fail();
    await until(() => file().status === 'error', 'the network error');
    uploader.setOptions({ prepare: { transform: async (picked: File) => (transforms++, png(`small-${picked.name}`, 500)), stripMetadata: false } });
    uploader.retry(file().id);
    await until(() => FakeXhr.all.length === 2, 'the second PUT');
    expect(transforms).toBe(1);
    expect(presign).toHaveBeenCalledTimes(2);
    expect(FakeXhr.last().body).toMatchObject({ name: 'small-photo.png' });
    uploader.destroy();
  });

  it('accept and maxSize judge the prepared file: a HEIC the transform makes a JPEG, a 12 MB image it makes small', async () => {
    const transform = vi.fn(async (picked: File) =>
      picked.name.endsWith('.heic') ? mediaFile('IMG_0001.jpg', 'image/jpeg', MAGIC.jpeg, 2000) : png(`small-${picked.name}`, 500));
    const { uploader, file, presign } = setup({ multiple: true, accept: 'image/jpeg,image/png', maxSize: 10 * 1024 * 1024, prepare: { transform, stripMetadata: false } });
    await uploader.upload([mediaFile('IMG_0001.heic', 'image/heic', MAGIC.heic, 2000), png('photo.png', 12 * 1024 * 1024)]);
    await until(() => FakeXhr.all.length === 2, 'both PUTs');
    expect(transform).toHaveBeenCalledTimes(2);
    expect(presign.mock.calls.map(([req]) => [req.contentType, req.size])).toEqual([['image/jpeg', 2000], ['image/png', 500]]);
    expect([file(0).error, file(1).error]).toEqual([null, null]);
    uploader.destroy();
  });

  it("a transform's output of no known format meets the byte rule: an SVG it only rewraps is refused under image/*", async () => {
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'x.svg', { type: 'image/svg+xml' });
    const { uploader, file, presign } = setup({ prepare: { transform: async (picked: File) => new File([picked], picked.name, { type: picked.type }) } });
    await uploader.upload([svg]);
    await until(() => file().status === 'error');
    expect(file().error?.code).toBe('file-invalid-type');
    expect(presign).not.toHaveBeenCalled();
  });

  it('a refusal no preparation mends stays: no transform or resize, a transform whose output still breaks the rules, past 100 MB', async () => {
    const none = setup({ maxSize: 10 * 1024 * 1024 });
    await none.uploader.upload([png('photo.png', 12 * 1024 * 1024)]);
    await until(() => none.file().status === 'error');
    expect(none.file().error?.code).toBe('file-too-large');

    const still = setup({ maxSize: 10 * 1024 * 1024, prepare: { transform: async () => png('still-big.png', 11 * 1024 * 1024), stripMetadata: false } });
    await still.uploader.upload([png('photo.png', 12 * 1024 * 1024)]);
    await until(() => still.file().status === 'error');
    expect(still.file().error?.code).toBe('file-too-large');
    expect(still.presign).not.toHaveBeenCalled();

    const huge = vi.fn(async () => png('small.png', 500));
    const past = setup({ maxSize: 10 * 1024 * 1024, prepare: { transform: huge, stripMetadata: false } });
    await past.uploader.upload([png('huge.png', 120 * 1024 * 1024)]);
    await until(() => past.file().status === 'error');
    expect(past.file().error?.code).toBe('file-too-large');
    expect(huge).not.toHaveBeenCalled();
  });

  it("a transform that listens to its signal hears the cancel and stops, and the next file's preparation starts", async () => {
    const started: string[] = [];
    const transform = (file: File, { signal }: { signal: AbortSignal }) =>
      new Promise<File>((_, reject) => {
        started.push(file.name);
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const { uploader, file } = setup({ multiple: true, concurrency: 1, prepare: { transform, stripMetadata: false } });
    await uploader.upload([png('a.png'), png('b.png')]);
    await until(() => started.length === 1, 'the first preparation');
    uploader.cancel(file(0).id);
    await until(() => started.length === 2, 'the second preparation');
    expect(started).toEqual(['a.png', 'b.png']);
    expect(file(0).status).toBe('canceled');
    uploader.destroy();
  });
});
