import { expect, it, vi } from 'vitest';

// What a <video> element reports for a WebM with sound only (no video track): no size, 60 s.
vi.mock('../../../src/core/media/readMedia', () => ({
  readImageSize: async () => ({ width: 0, height: 0 }),
  readMediaMetadata: async () => ({ width: 0, height: 0, duration: 60 }),
  UnreadableMediaError: class extends Error {},
}));
const { checkConstraints } = await import('../../../src/core/media/checkConstraints');

const soundOnly = () => new File([Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84)], 'voice.webm', { type: 'video/webm' });
const signal = () => new AbortController().signal;

it('a video/webm with no picture is held to the audio rules when there are some', async () => {
  const error = await checkConstraints(soundOnly(), 'video/webm', { video: { maxDuration: 120, minWidth: 512 }, audio: { maxDuration: 30 } }, signal());
  expect(error?.code).toBe('file-invalid-duration');
});

it('a video/webm with no picture and no audio rules is held to the video rules, not let through', async () => {
  expect((await checkConstraints(soundOnly(), 'video/webm', { video: { maxDuration: 10 } }, signal()))?.code).toBe('file-invalid-duration');
  expect((await checkConstraints(soundOnly(), 'video/webm', { video: { minWidth: 512 } }, signal()))?.code).toBe('file-invalid-dimensions');
  expect(await checkConstraints(soundOnly(), 'video/webm', { video: { maxDuration: 120 } }, signal())).toBeNull();
});
