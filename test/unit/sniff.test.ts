import { describe, expect, it, vi } from 'vitest';
import { detectMime, fileTypeOf, sniffMime } from '../../src/core/sniff';
import { FakeXhr, MAGIC, mediaFile, png, setup, until } from './helpers';

describe('detectMime', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['avif', 'image/avif'],
    ['heic', 'image/heic'],
    ['heix', 'image/heic'],
    ['mif1', 'image/heif'],
    ['mp4', 'video/mp4'],
    ['mp42', 'video/mp4'],
    ['mov', 'video/quicktime'],
    ['webm', 'video/webm'],
    ['mp3id3', 'audio/mpeg'],
    ['mp3sync', 'audio/mpeg'],
    ['wav', 'audio/wav'],
    ['ogg', 'audio/ogg'],
    ['flac', 'audio/flac'],
    ['m4a', 'audio/mp4'],
  ])('%s bytes are %s', (format, mime) => {
    const bytes = new Uint8Array(64);
    bytes.set(MAGIC[format]!);
    expect(detectMime(bytes)).toBe(mime);
  });

  /** 64 bytes holding `text` (Latin-1) from `offset`. */
  const bytesOf = (text: string, offset = 0) => {
    const bytes = new Uint8Array(64);
    bytes.set([...text].map((c) => c.charCodeAt(0)), offset);
    return bytes;
  };

  it.each([
    ['avis', 'image/avif'],
    ['heim', 'image/heic'],
    ['heis', 'image/heic'],
    ['hevc', 'image/heic-sequence'],
    ['hevx', 'image/heic-sequence'],
    ['heif', 'image/heif'],
    ['msf1', 'image/heif-sequence'],
    ['M4B ', 'audio/mp4'],
    ['M4V ', 'video/x-m4v'],
    ['M4VH', 'video/x-m4v'],
    ['M4VP', 'video/x-m4v'],
    ['isom', 'video/mp4'],
  ])('the ISO media brand %j is %s', (brand, mime) => {
    expect(detectMime(bytesOf(`\0\0\0\x18ftyp${brand}`))).toBe(mime);
  });

  it('an ISO media brand that is not printable is no format, and no later rule is tried', () => {
    // Bytes 0-3 are the box size; "ID3" there would be MP3 if the ftyp rule did not stop the search.
    expect(detectMime(bytesOf('ID3\x18ftyp\x01\x02\x03\x04'))).toBeNull();
  });

  it('tells AVI from other RIFF forms; a RIFF of another form falls through to the later rules', () => {
    expect(detectMime(bytesOf('RIFF\0\0\0\0AVI LIST'))).toBe('video/x-msvideo');
    expect(detectMime(bytesOf('RIFF\0\0\0\0CDXA'))).toBeNull();
    expect(detectMime(bytesOf('RIFFftypmp42'))).toBe('video/mp4');
  });

  it('tells Matroska from WebM by the DocType in the first 64 bytes', () => {
    expect(detectMime(bytesOf('\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska'))).toBe('video/x-matroska');
    expect(detectMime(bytesOf('\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm'))).toBe('video/webm');
    const late = new Uint8Array(80);
    late.set([0x1a, 0x45, 0xdf, 0xa3]);
    late.set([...'matroska'].map((c) => c.charCodeAt(0)), 64); // past the 64 bytes read
    expect(detectMime(late)).toBe('video/webm');
  });

  it('takes an MPEG audio frame sync only with a version and layer that are not reserved', () => {
    const sync = (b1: number) => detectMime(new Uint8Array([0xff, b1, 0x90, 0x00]));
    expect([0xe2, 0xe3, 0xf2, 0xf3, 0xfa, 0xfb, 0xff].map(sync)).toEqual(Array(7).fill('audio/mpeg'));
    // Reserved version (0xe8-0xef), reserved layer (0xe0, 0xf0, 0xf8: ADTS AAC is 0xf1/0xf9), too few sync bits.
    expect([0xe8, 0xeb, 0xe0, 0xf0, 0xf1, 0xf8, 0xf9, 0xdf].map(sync)).toEqual(Array(8).fill(null));
  });

  it('returns null for bytes it does not know (text, PDF, ADTS AAC, empty)', () => {
    expect(detectMime(new TextEncoder().encode('hello world, plain text'))).toBeNull();
    expect(detectMime(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
    expect(detectMime(new Uint8Array([0xff, 0xf1, 0x50, 0x80]))).toBeNull();
    expect(detectMime(new Uint8Array())).toBeNull();
  });

  it('maps MIME types to file types', () => {
    expect(fileTypeOf('image/heic')).toBe('image');
    expect(fileTypeOf('video/quicktime')).toBe('video');
    expect(fileTypeOf('audio/flac')).toBe('audio');
    expect(fileTypeOf('application/pdf')).toBe('other');
    expect(fileTypeOf('')).toBe('other');
  });
});

describe('sniffMime', () => {
  it('reads only the first 64 bytes of the file', async () => {
    const file = mediaFile('clip.mp4', 'video/mp4', MAGIC.mp4, 5 * 1024 * 1024);
    const slice = vi.spyOn(file, 'slice');
    const arrayBuffer = vi.spyOn(file, 'arrayBuffer');
    expect(await sniffMime(file)).toBe('video/mp4');
    expect(slice).toHaveBeenCalledWith(0, 64);
    expect(arrayBuffer).not.toHaveBeenCalled();
  });
});

describe('one read per file for the check and the location walk', () => {
  it('a PNG has its first 64 KB read once: the walk over its chunks starts from those bytes and reads nothing more', async () => {
    FakeXhr.all = [];
    const file = png('big.png', 300 * 1024);
    const slice = vi.spyOn(file, 'slice');
    const arrayBuffer = vi.spyOn(file, 'arrayBuffer');
    const { uploader } = setup();
    await uploader.upload([file]);
    await until(() => FakeXhr.all.length === 1);
    expect(slice.mock.calls).toEqual([[0, 64 * 1024]]);
    expect(arrayBuffer).not.toHaveBeenCalled();
    uploader.destroy();
  });

  it('a file no longer than what the check reads is read once, whole', async () => {
    FakeXhr.all = [];
    const file = png('small.png', 1000);
    const slice = vi.spyOn(file, 'slice');
    const arrayBuffer = vi.spyOn(file, 'arrayBuffer');
    const { uploader } = setup();
    await uploader.upload([file]);
    await until(() => FakeXhr.all.length === 1);
    // One read of the same range as any file's (readBytes.ts; in a browser, in the worker once it is up).
    expect(slice.mock.calls).toEqual([[0, 64 * 1024]]);
    expect(arrayBuffer).not.toHaveBeenCalled();
    uploader.destroy();
  });

  it('a video has only its first 64 bytes read: nothing is walked', async () => {
    FakeXhr.all = [];
    const file = mediaFile('clip.mp4', 'video/mp4', MAGIC.mp4, 5 * 1024 * 1024);
    const slice = vi.spyOn(file, 'slice');
    const { uploader } = setup();
    await uploader.upload([file]);
    await until(() => FakeXhr.all.length === 1);
    expect(slice.mock.calls).toEqual([[0, 64]]);
    uploader.destroy();
  });
});

describe('the bytes win over the declared type', () => {
  it('a PNG declared as image/jpeg is presigned and sent as image/png', async () => {
    FakeXhr.all = [];
    const { uploader, presign, file } = setup();
    await uploader.upload([mediaFile('photo.jpg', 'image/jpeg', MAGIC.png)]);
    await until(() => FakeXhr.all.length === 1);
    expect(file().type).toBe('image/png');
    expect(presign.mock.calls[0]![0].contentType).toBe('image/png');
    expect(FakeXhr.last().requestHeaders['Content-Type']).toBe('image/png');
    uploader.destroy();
  });

  it('an empty declared type is filled from the bytes (HEIC from a phone)', async () => {
    FakeXhr.all = [];
    const { uploader, presign, file } = setup();
    await uploader.upload([mediaFile('IMG_0001.HEIC', '', MAGIC.heic)]);
    await until(() => FakeXhr.all.length === 1);
    expect(file().type).toBe('image/heic');
    expect(presign.mock.calls[0]![0]).toMatchObject({ contentType: 'image/heic', fileType: 'image' });
    uploader.destroy();
  });

  it.each([
    ['recording.webm', 'audio/webm', 'audio/webm', MAGIC.webm],
    ['recording.webm', 'audio/webm;codecs=opus', 'audio/webm', MAGIC.webm],
    ['voice.m4a', 'audio/x-m4a', 'audio/mp4', MAGIC.mp42],
    ['voice.mp4', 'audio/mp4', 'audio/mp4', MAGIC.mp4],
  ])("WebM's and MP4's bytes do not tell audio from video: %s declared %s is accepted as audio (%s)", async (name, declared, type, head) => {
    FakeXhr.all = [];
    const { uploader, presign, file } = setup({ accept: 'audio/*' });
    await uploader.upload([mediaFile(name, declared, head)]);
    await until(() => FakeXhr.all.length === 1);
    expect(file().type).toBe(type);
    expect(presign.mock.calls[0]![0]).toMatchObject({ contentType: type, fileType: 'audio' });
    uploader.destroy();
  });

  it('a WebM declared as video, or with no type, stays video', async () => {
    for (const declared of ['video/webm', '']) {
      FakeXhr.all = [];
      const { uploader, file } = setup();
      await uploader.upload([mediaFile('clip.webm', declared, MAGIC.webm)]);
      await until(() => FakeXhr.all.length === 1);
      expect(file().type).toBe('video/webm');
      uploader.destroy();
    }
  });

  it('a text file renamed to .png is rejected as an invalid type when its declared type says so', async () => {
    const { uploader, presign, file } = setup();
    await uploader.upload([new File(['just text'], 'fake.png', { type: 'text/plain' })]);
    await until(() => file().status === 'error');
    expect(file().error?.code).toBe('file-invalid-type');
    expect(presign).not.toHaveBeenCalled();
  });
});
