// checkConstraints on real media made here, decoded by the browser: a PNG too small, a WAV too long, a video
// recorded from a canvas. Every object URL made is revoked.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { checkConstraints } from '../../src/core/media/checkConstraints';
import { exifSegment, insertIntoJpeg, phoneTiff, wav, withoutWebmDuration } from '../unit/media/mediaBytes';
import { recordWebm } from './fixtures';

const signal = () => new AbortController().signal;
let created: string[] = [];
let revoked: string[] = [];

beforeEach(() => {
  created = [];
  revoked = [];
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = create(blob);
    created.push(url);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
    revoked.push(url);
    revoke(url);
  });
});
afterEach(() => {
  expect(revoked.sort()).toEqual(created.sort());
  vi.restoreAllMocks();
});

async function pngFile(name: string, width: number, height: number): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.fillRect(0, 0, width / 2, height / 2);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

test('a PNG too small: file-invalid-dimensions, with the sentence the user reads', async () => {
  const file = await pngFile('photo.png', 320, 240);
  expect(await checkConstraints(file, 'image/png', { image: { minWidth: 512, minHeight: 512 } }, signal())).toEqual({
    code: 'file-invalid-dimensions',
    message: 'photo.png is 320×240 px; images must be at least 512×512 px',
  });
  expect(await checkConstraints(file, 'image/png', { image: { minWidth: 300, maxWidth: 2048 } }, signal())).toBeNull();
  expect(await checkConstraints(file, 'image/png', { image: { minWidth: 512, maxWidth: 2048 } }, signal())).toMatchObject({
    message: 'photo.png is 320×240 px; images must be between 512 and 2048 px wide',
  });
});

test('a photo taken sideways is measured as shown: EXIF orientation 6 turns 400×300 into 300×400', async () => {
  const canvas = new OffscreenCanvas(400, 300);
  canvas.getContext('2d')!.fillRect(0, 0, 200, 300);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
  const file = new File([insertIntoJpeg(jpeg, exifSegment(phoneTiff({ orientation: 6 }).bytes)) as Uint8Array<ArrayBuffer>], 'side.jpg', { type: 'image/jpeg' });
  expect(await checkConstraints(file, 'image/jpeg', { image: { minWidth: 512 } }, signal())).toMatchObject({
    message: 'side.jpg is 300×400 px; images must be at least 512 px wide',
  });
});

test('aspect ratio: 4:3 is refused where 16:9 is wanted, and passes within the tolerance', async () => {
  const file = await pngFile('frame.png', 320, 240);
  expect(await checkConstraints(file, 'image/png', { image: { aspectRatio: '16:9' } }, signal())).toEqual({
    code: 'file-invalid-dimensions',
    message: 'frame.png is 320×240 px (4:3); images must have an aspect ratio of 16:9',
  });
  expect(await checkConstraints(file, 'image/png', { image: { aspectRatio: 1.34 } }, signal())).toBeNull();
  expect(await checkConstraints(file, 'image/png', { image: { aspectRatio: 1.4, aspectRatioTolerance: 0.1 } }, signal())).toBeNull();
});

test('aspect ratio at the very edge of the tolerance passes, as "W:H" and as a number: 101×100 is 1% off 1:1', async () => {
  const edge = await pngFile('edge.png', 101, 100);
  expect(await checkConstraints(edge, 'image/png', { image: { aspectRatio: '1:1' } }, signal())).toBeNull();
  expect(await checkConstraints(edge, 'image/png', { image: { aspectRatio: 1, aspectRatioTolerance: 0.01 } }, signal())).toBeNull();
  expect(await checkConstraints(await pngFile('tall.png', 100, 101), 'image/png', { image: { aspectRatio: '1:1' } }, signal())).toBeNull();
  // One pixel further is refused.
  expect(await checkConstraints(await pngFile('past.png', 102, 100), 'image/png', { image: { aspectRatio: '1:1' } }, signal())).toMatchObject({
    message: 'past.png is 102×100 px (1.02:1); images must have an aspect ratio of 1:1',
  });
});

test('a WAV too long: file-invalid-duration, the length in words', async () => {
  const file = new File([wav(42) as Uint8Array<ArrayBuffer>], 'clip.wav', { type: 'audio/wav' });
  expect(await checkConstraints(file, 'audio/wav', { audio: { maxDuration: 30 } }, signal())).toEqual({
    code: 'file-invalid-duration',
    message: 'clip.wav is 42 seconds long; audio must be at most 30 seconds',
  });
  expect(await checkConstraints(file, 'audio/wav', { audio: { minDuration: 60, maxDuration: 120 } }, signal())).toMatchObject({
    message: 'clip.wav is 42 seconds long; audio must be between 1 minute and 2 minutes',
  });
  expect(await checkConstraints(file, 'audio/wav', { audio: { minDuration: 40, maxDuration: 45 } }, signal())).toBeNull();
});

test('a video recorded from a canvas: its dimensions and duration are read', async () => {
  const file = await recordWebm('clip.webm', 320, 240, 1200);
  expect(await checkConstraints(file, 'video/webm', { video: { minWidth: 640 } }, signal())).toEqual({
    code: 'file-invalid-dimensions',
    message: 'clip.webm is 320×240 px; videos must be at least 640 px wide',
  });
  const tooLong = await checkConstraints(file, 'video/webm', { video: { maxDuration: 0.5 } }, signal());
  expect(tooLong).toMatchObject({ code: 'file-invalid-duration' });
  const seconds = Number(/^clip\.webm is ([\d.]+) seconds long; videos must be at most 0\.5 seconds$/.exec(tooLong!.message)?.[1]);
  expect(seconds).toBeGreaterThan(0.6);
  expect(seconds).toBeLessThan(5);
  expect(await checkConstraints(file, 'video/webm', { video: { minWidth: 320, maxWidth: 320, minDuration: 0.5, maxDuration: 5 } }, signal())).toBeNull();
});

test('a WebM that announces no duration (a live recorder\'s; Chromium reports Infinity) still has its length read', async () => {
  const recorded = new Uint8Array(await (await recordWebm('live.webm', 160, 120, 1000)).arrayBuffer());
  const file = new File([withoutWebmDuration(recorded) as Uint8Array<ArrayBuffer>], 'live.webm', { type: 'video/webm' });
  const tooLong = await checkConstraints(file, 'video/webm', { video: { maxDuration: 0.5 } }, signal());
  const seconds = Number(/^live\.webm is ([\d.]+) seconds? long; videos must be at most 0\.5 seconds$/.exec(tooLong?.message ?? '')?.[1]);
  expect(seconds).toBeGreaterThan(0.6);
  expect(seconds).toBeLessThan(5);
  expect(await checkConstraints(file, 'video/webm', { video: { maxDuration: 60, minWidth: 160 } }, signal())).toBeNull();
});

test('bytes the browser cannot decode cannot pass a constraint', async () => {
  const fake = new File(['not a video at all'], 'fake.mp4', { type: 'video/mp4' });
  expect(await checkConstraints(fake, 'video/mp4', { video: { maxDuration: 10 } }, signal())).toMatchObject({
    code: 'file-invalid-duration',
    message: 'fake.mp4 could not be read by this browser, so its length could not be checked; try another video.',
  });
  const image = new File(['not an image'], 'fake.png', { type: 'image/png' });
  expect(await checkConstraints(image, 'image/png', { image: { minWidth: 1 } }, signal())).toMatchObject({ code: 'file-invalid-dimensions' });
});

test('no rule for the kind: nothing is decoded; an abort rejects with the reason', async () => {
  const file = new File([wav(1) as Uint8Array<ArrayBuffer>], 'a.wav', { type: 'audio/wav' });
  expect(await checkConstraints(file, 'audio/wav', { image: { minWidth: 512 } }, signal())).toBeNull();
  expect(created).toEqual([]);
  const controller = new AbortController();
  const pending = checkConstraints(file, 'audio/wav', { audio: { maxDuration: 30 } }, controller.signal);
  controller.abort('left the page');
  await expect(pending).rejects.toBe('left the page');
});
