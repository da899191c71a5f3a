import { describe, expect, it, vi } from 'vitest';
import type { Accept } from '../../src/core/types';
import { FakeXhr, MAGIC, mediaFile, png, setup, until, useUploaderTestClock } from './helpers';

useUploaderTestClock();

const settled = (s: ReturnType<typeof setup>) => () => s.uploader.getSnapshot().files.every((f) => f.status !== 'queued');

describe('validation before any request', () => {
  it('rejects a file over maxSize with a sentence in plain words, and makes no presign call', async () => {
    const s = setup();
    await s.uploader.upload([png('holiday.png', 120 * 1024 * 1024)]);
    await until(settled(s));
    expect(s.file()).toMatchObject({
      status: 'error',
      error: { code: 'file-too-large', message: 'holiday.png is 120 MB; the limit is 100 MB.' },
    });
    expect(s.presign).not.toHaveBeenCalled();
    expect(s.onError).toHaveBeenCalledWith(s.file().error, s.file());
  });

  it('a file that cannot be read (moved or changed after it was picked, a cloud file not downloaded) says so, not that its bytes lie', async () => {
    const s = setup();
    const file = png('holiday.png');
    // Chromium's NotReadableError: the file on disk changed or went after the pick.
    file.slice = () => Object.assign(new Blob(), { arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) });
    await s.uploader.upload([file]);
    await until(settled(s));
    expect(s.file().error).toEqual({
      code: 'file-invalid-type',
      message: 'holiday.png could not be read: it may have been moved, changed or not downloaded yet. Choose it again.',
    });
    expect(s.presign).not.toHaveBeenCalled();
  });

  it('rejects empty files (default minSize 1) and files under minSize', async () => {
    const s = setup({ multiple: true, minSize: 2048 });
    await s.uploader.upload([new File([], 'empty.png', { type: 'image/png' }), png('tiny.png', 1000)]);
    await until(settled(s));
    const [empty, tiny] = s.uploader.getSnapshot().files;
    expect(empty!.error).toEqual({ code: 'file-too-small', message: 'empty.png is empty; choose a file with content.' });
    expect(tiny!.error).toEqual({ code: 'file-too-small', message: 'tiny.png is 1000 bytes; the smallest allowed is 2 KB.' });
    expect(s.presign).not.toHaveBeenCalled();
  });

  it('accepts image, video and audio by default and rejects other types', async () => {
    const s = setup({ multiple: true });
    await s.uploader.upload([
      png('a.png'),
      mediaFile('b.mp4', 'video/mp4', MAGIC.mp4),
      mediaFile('c.mp3', 'audio/mpeg', MAGIC.mp3id3),
      new File(['%PDF-1.7 ...'], 'd.pdf', { type: 'application/pdf' }),
    ]);
    await until(settled(s));
    const statuses = s.uploader.getSnapshot().files.map((f) => [f.name, f.error?.code ?? null]);
    expect(statuses).toEqual([
      ['a.png', null],
      ['b.mp4', null],
      ['c.mp3', null],
      ['d.pdf', 'file-invalid-type'],
    ]);
    expect(s.uploader.getSnapshot().files[3]!.error!.message).toBe(
      'd.pdf is a file of type application/pdf; only image, video or audio files are accepted.',
    );
    s.uploader.destroy();
  });

  it('bytes of no known format are refused under a wildcard (an SVG with a script, text typed image/bmp), taken when accept names their type or extension', async () => {
    const svg = () => new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'x.svg', { type: 'image/svg+xml' });
    const bmp = () => new File(['just text'], 'notes.bmp', { type: 'image/bmp' });
    const refused = setup({ multiple: true });
    await refused.uploader.upload([svg(), bmp()]);
    await until(settled(refused));
    expect(refused.uploader.getSnapshot().files.map((f) => f.error?.message)).toEqual([
      'x.svg is not a known image, video or audio format (its bytes match none); only image, video or audio files are accepted.',
      'notes.bmp is not a known image, video or audio format (its bytes match none); only image, video or audio files are accepted.',
    ]);
    expect(refused.presign).not.toHaveBeenCalled();
    refused.uploader.destroy();

    // A name or type that claims a format the sniffer knows is refused however accept names it: a disguised file.
    const fake = setup({ accept: { 'image/png': ['.png'] } });
    await fake.uploader.upload([new File(['just text'], 'fake.png', { type: 'image/png' })]);
    await until(settled(fake));
    expect(fake.file().error?.code).toBe('file-invalid-type');
    expect(fake.presign).not.toHaveBeenCalled();
    fake.uploader.destroy();

    for (const accept of ['image/svg+xml,image/bmp', ['image/*', '.svg', '.bmp'], '*/*']) {
      const named = setup({ multiple: true, accept });
      await named.uploader.upload([svg(), bmp()]);
      await until(() => named.presign.mock.calls.length === 2);
      expect(named.uploader.getSnapshot().files.map((f) => [f.type, f.error])).toEqual([['image/svg+xml', null], ['image/bmp', null]]);
      named.uploader.destroy();
    }
  });

  it.each<[Accept]>([['*'], [''], [[]], [{}]])('accept %j takes any file, as */* does: bytes of no known format (a PDF) are not refused as "only any file are accepted"', async (accept) => {
    const s = setup({ accept });
    await s.uploader.upload([new File(['%PDF-1.7 a brief'], 'brief.pdf', { type: 'application/pdf' })]);
    await until(() => s.presign.mock.calls.length === 1 || s.file().status === 'error');
    expect(s.file().error).toBeNull();
    expect(s.presign.mock.calls[0]![0]).toMatchObject({ filename: 'brief.pdf', contentType: 'application/pdf', fileType: 'other' });
    s.uploader.destroy();
  });

  it.each<Accept>([{ 'image/png': ['.png'] }, 'image/png,.png', { 'image/*': ['.png'] }, '.png'])(
    'an extension in accept lets through only files of its own type: a WAV named .png is refused under %j, a PNG taken',
    async (accept) => {
      const s = setup({ multiple: true, accept });
      await s.uploader.upload([mediaFile('sound.png', 'image/png', MAGIC.wav), mediaFile('photo.png', 'image/png', MAGIC.png)]);
      await until(settled(s));
      const [wav, photo] = s.uploader.getSnapshot().files;
      expect(wav!.error?.code).toBe('file-invalid-type');
      expect(photo!.error).toBeNull();
      expect(s.presign.mock.calls.map(([req]) => req.filename)).toEqual(['photo.png']);
      s.uploader.destroy();
    },
  );

  it('matches accept by MIME and by extension', async () => {
    const s = setup({ multiple: true, accept: 'video/mp4,.heic' });
    await s.uploader.upload([
      mediaFile('clip.mp4', 'video/mp4', MAGIC.mp4),
      mediaFile('odd.heic', '', MAGIC.heic),
      png('photo.png'),
    ]);
    await until(settled(s));
    expect(s.uploader.getSnapshot().files.map((f) => f.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'file-invalid-type']);
    // Formats by the names people know, not "video/mp4 or .heic files".
    expect(s.uploader.getSnapshot().files[2]!.error!.message).toBe(
      'photo.png is a file of type PNG; only MP4 or HEIC files are accepted.',
    );
    s.uploader.destroy();
  });

  it('maxFiles counts files already listed; rejected files stay listed', async () => {
    const s = setup({ multiple: true, maxFiles: 3, concurrency: 1 });
    await s.uploader.upload([png('1.png'), png('2.png')]);
    await s.uploader.upload([png('3.png'), png('4.png')]);
    await until(() => s.uploader.getSnapshot().files[3]?.status === 'error');
    const files = s.uploader.getSnapshot().files;
    expect(files.map((f) => f.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'too-many-files']);
    expect(files[3]!.error!.message).toBe('4.png was not added: at most 3 files can be uploaded.');
    await until(() => FakeXhr.all.length === 1);
    // The refused file is never presigned (the next accepted one may be, ahead of its slot).
    expect(s.presign.mock.calls.map(([request]) => request.filename)).not.toContain('4.png');
    s.uploader.destroy();
  });

  it('retry does nothing for a validation rejection', async () => {
    const s = setup();
    await s.uploader.upload([png('big.png', 200 * 1024 * 1024)]);
    await until(settled(s));
    const before = s.uploader.getSnapshot();
    s.uploader.retry(s.file().id);
    expect(s.uploader.getSnapshot()).toBe(before);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.presign).not.toHaveBeenCalled();
  });

  it('a file canceled while its bytes are read is still checked: Retry cannot skip validation or sniffing', async () => {
    const s = setup({ maxSize: 1024, multiple: true });
    const pending = s.uploader.upload([png('big.png', 4096), mediaFile('photo.jpg', 'image/jpeg', MAGIC.png, 100)]);
    s.uploader.cancel(s.file(0).id);
    s.uploader.cancel(s.file(1).id);
    await pending; // canceled files hold their pick's upload() back no longer (a read may never end), but are checked
    await until(() => s.file(0).status === 'error' && s.file(1).type === 'image/png', 'both checks');
    expect(s.file(0)).toMatchObject({ status: 'error', error: { code: 'file-too-large' } });
    s.uploader.retry(s.file(0).id);
    expect(s.file(1)).toMatchObject({ status: 'canceled', type: 'image/png' });
    s.uploader.retry(s.file(1).id);
    await until(() => s.presign.mock.calls.length === 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.presign).toHaveBeenCalledTimes(1);
    expect(s.presign.mock.calls[0]![0]).toMatchObject({ filename: 'photo.jpg', contentType: 'image/png' });
    s.uploader.destroy();
  });

  it('a Retry before the sniff ends waits for it, then starts once with the sniffed type', async () => {
    const s = setup();
    const pending = s.uploader.upload([mediaFile('photo.jpg', 'image/jpeg', MAGIC.png, 100)]);
    s.uploader.cancel(s.file().id);
    s.uploader.retry(s.file().id);
    await pending;
    await until(() => s.presign.mock.calls.length === 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.presign).toHaveBeenCalledTimes(1);
    expect(s.presign.mock.calls[0]![0]).toMatchObject({ contentType: 'image/png' });
    s.uploader.destroy();
  });

  it('a refusal from the app (a presign function throwing file-too-large) cannot be retried either, like the row shows', async () => {
    const refuse = vi.fn(async () => {
      throw { code: 'file-too-large', message: 'Your plan takes files up to 1 KB.', status: 413 };
    });
    const s = setup({ presign: refuse });
    await s.uploader.upload([png()]);
    await until(() => s.file().status === 'error');
    const before = s.uploader.getSnapshot();
    s.uploader.retry(s.file().id);
    expect(s.uploader.getSnapshot()).toBe(before);
    await vi.advanceTimersByTimeAsync(1000);
    expect(refuse).toHaveBeenCalledTimes(1);
  });

  it('disabled ignores new files; without multiple only the first picked file is kept', async () => {
    const off = setup({ disabled: true });
    await off.uploader.upload([png()]);
    expect(off.uploader.getSnapshot().files).toEqual([]);
    const single = setup();
    await single.uploader.upload([png('a.png'), png('b.png')]);
    expect(single.uploader.getSnapshot().files.map((f) => f.name)).toEqual(['a.png']);
    single.uploader.destroy();
  });
});
