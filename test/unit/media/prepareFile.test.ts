// prepareFile's contract beyond the byte edits: damaged files fail as prepare-failed (never a crash or a hang),
// aborts reject with the signal's reason, and the app's transform is typed and named by its bytes.
import { expect, test } from 'vitest';
import { prepareFile } from '../../../src/core/media/prepareFile';
import { concat, exifSegment, fakeJpeg, insertIntoPng, PNG_SIGNATURE, pngChunk, phoneTiff, riffChunk, vp8x, webp } from './mediaBytes';

const signal = () => new AbortController().signal;
const file = (bytes: Uint8Array, name: string, type: string) => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });
const validJpeg = fakeJpeg([exifSegment(phoneTiff().bytes)], 200);
const validPng = insertIntoPng(concat(PNG_SIGNATURE, pngChunk('IHDR', new Uint8Array(13)), pngChunk('IDAT', new Uint8Array(50)), pngChunk('IEND', new Uint8Array(0))), pngChunk('eXIf', phoneTiff().bytes));
const validWebp = webp(vp8x(0x08), riffChunk('VP8L', new Uint8Array(40)), riffChunk('EXIF', phoneTiff().bytes));

test.each([
  ['text named .jpg', new TextEncoder().encode('hello, not a photo'), 'image/jpeg', /the JPEG header is missing/],
  ['a JPEG cut inside its EXIF segment', validJpeg.subarray(0, 60), 'image/jpeg', /runs past the end/],
  ['a JPEG segment with an impossible length', concat([0xff, 0xd8, 0xff, 0xe1, 0, 1], new Uint8Array(40)), 'image/jpeg', /impossible length/],
  ['a PNG without IEND', validPng.subarray(0, validPng.length - 12), 'image/png', /runs past the end/],
  ['a WebP whose RIFF size is a lie', concat(validWebp.subarray(0, 4), [0xff, 0xff, 0xff, 0x0f], validWebp.subarray(8)), 'image/webp', /RIFF size/],
])('%s → prepare-failed with a sentence naming the file', async (_, bytes, type, detail) => {
  const failure = await prepareFile(file(bytes, 'upload.x', type), type, undefined, signal()).catch((error: unknown) => error);
  expect(failure).toMatchObject({ code: 'prepare-failed', message: expect.stringMatching(/^upload\.x could not be prepared for upload: the file looks damaged \(/) });
  expect((failure as { message: string }).message).toMatch(detail);
});

test('a damaged EXIF block inside a sound JPEG, PNG or WebP is dropped whole: the upload goes on, nothing leaks', async () => {
  const damaged = phoneTiff().bytes.slice();
  damaged.set([0x7f, 0, 0, 0], 4); // IFD0 offset far outside the block
  const cases = [
    [fakeJpeg([exifSegment(damaged)]), 'image/jpeg'],
    [insertIntoPng(concat(PNG_SIGNATURE, pngChunk('IHDR', new Uint8Array(13)), pngChunk('IEND', new Uint8Array(0))), pngChunk('eXIf', damaged)), 'image/png'],
    [webp(vp8x(0x08), riffChunk('VP8L', new Uint8Array(40)), riffChunk('EXIF', damaged)), 'image/webp'],
  ] as const;
  for (const [bytes, type] of cases) {
    const prepared = await prepareFile(file(bytes, 'odd', type), type, undefined, signal());
    expect(prepared.changes, type).toEqual([{ kind: 'metadata-removed' }]);
    const out = new TextDecoder('latin1').decode(await prepared.file.arrayBuffer());
    expect(out, type).not.toContain('GPS-SENTINEL');
    expect(out, type).not.toContain('PhoneMaker');
    expect(prepared.file.size, type).toBeLessThan(bytes.length);
  }
});

test('randomly damaged JPEG, PNG and WebP files end as prepared or prepare-failed, never as a crash or a hang', async () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const [bytes, type] of [[validJpeg, 'image/jpeg'], [validPng, 'image/png'], [validWebp, 'image/webp']] as const) {
    for (let round = 0; round < 300; round++) {
      const damaged = bytes.slice(0, Math.max(2, Math.floor(bytes.length * (0.3 + random() * 0.7))));
      for (let n = 0; n < 4; n++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const outcome = await prepareFile(file(damaged, 'fuzz.bin', type), type, { stripMetadata: round % 2 ? 'all' : 'location' }, signal()).then(
        () => 'prepared',
        (error: { code?: string }) => error.code,
      );
      expect(['prepared', 'prepare-failed']).toContain(outcome);
    }
  }
});

test('an aborted signal rejects with its reason', async () => {
  const controller = new AbortController();
  const reason = new DOMException('gone', 'AbortError');
  controller.abort(reason);
  await expect(prepareFile(file(validJpeg, 'a.jpg', 'image/jpeg'), 'image/jpeg', undefined, controller.signal)).rejects.toBe(reason);
});

test('an abort during the app transform rejects with the reason, not prepare-failed', async () => {
  const controller = new AbortController();
  const pending = prepareFile(file(validJpeg, 'a.jpg', 'image/jpeg'), 'image/jpeg', { transform: () => new Promise<Blob>(() => {}) }, controller.signal);
  controller.abort('user left');
  await expect(pending).rejects.toBe('user left');
});

test('a transform output is typed by its bytes and named with the matching extension', async () => {
  const png = insertIntoPng(validPng);
  const prepared = await prepareFile(file(validJpeg, 'scan.heic', 'image/jpeg'), 'image/jpeg', { stripMetadata: false, transform: async () => new Blob([png as Uint8Array<ArrayBuffer>]) }, signal());
  expect(prepared.type).toBe('image/png');
  expect(prepared.file).toMatchObject({ name: 'scan.png', type: 'image/png', size: png.length });
  expect(prepared.changes).toEqual([{ kind: 'transformed', from: `${validJpeg.length} bytes`, to: `${png.length} bytes` }]);
});

test('a transform sees the stripped file, and its failure is prepare-failed with the reason', async () => {
  let seen: File | null = null;
  const failure = await prepareFile(file(validJpeg, 'me.jpg', 'image/jpeg'), 'image/jpeg', {
    transform: async (input) => {
      seen = input;
      throw new Error('crop box outside the image');
    },
  }, signal()).catch((error: unknown) => error);
  expect(failure).toMatchObject({ code: 'prepare-failed', message: "me.jpg could not be prepared for upload: the app's transform failed (crop box outside the image)." });
  expect(new TextDecoder('latin1').decode(await seen!.arrayBuffer())).not.toContain('GPS-SENTINEL');
});

test('a transform that returns something other than a Blob is prepare-failed', async () => {
  const transform = async () => 'data:image/png;base64,' as unknown as Blob;
  await expect(prepareFile(file(validJpeg, 'me.jpg', 'image/jpeg'), 'image/jpeg', { transform }, signal())).rejects.toMatchObject({
    code: 'prepare-failed',
    message: "me.jpg could not be prepared for upload: the app's transform returned no file.",
  });
});

test("the app's transform output loses its location too: a JPEG with GPS made by the transform is stripped", async () => {
  const withGps = fakeJpeg([exifSegment(phoneTiff().bytes)], 300);
  const prepared = await prepareFile(file(validPng, 'IMG.png', 'image/png'), 'image/png', {
    transform: async () => new Blob([withGps as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
  }, signal());
  expect(prepared.file).toMatchObject({ name: 'IMG.jpg', type: 'image/jpeg', size: withGps.length });
  expect(new TextDecoder('latin1').decode(await prepared.file.arrayBuffer())).not.toContain('GPS-SENTINEL');
  expect(prepared.changes.map((c) => c.kind)).toEqual(['location-removed', 'transformed']);
});
