import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCEPT, parseAccept } from '../../src/core/accept';
import { describeAccept } from '../../src/core/describeAccept';

const describeOf = (accept: Parameters<typeof parseAccept>[0]) => describeAccept(parseAccept(accept));

describe('describeAccept', () => {
  it('names common media types the way people know them, not by their MIME type', () => {
    expect(describeOf('image/png,image/jpeg,image/webp')).toBe('PNG, JPEG or WebP files');
    expect(describeOf(['image/gif', 'image/avif', 'image/heic'])).toBe('GIF, AVIF or HEIC files');
    expect(describeOf('video/mp4,video/quicktime,video/webm')).toBe('MP4, MOV or WebM files');
    expect(describeOf('audio/mpeg,audio/wav,audio/ogg,audio/flac,audio/mp4')).toBe('MP3, WAV, OGG, FLAC or M4A files');
    // A browser's voice note (MediaRecorder's audio/webm) read "OGG or audio/webm files".
    expect(describeOf('audio/ogg,audio/webm')).toBe('OGG or WebM files');
  });

  it('keeps wildcards as words and the default reads "image, video or audio files"', () => {
    expect(describeOf(DEFAULT_ACCEPT)).toBe('image, video or audio files');
    expect(describeOf('image/*')).toBe('image files');
  });

  it('shows extensions upper-case without the dot, mixed with MIME types', () => {
    expect(describeOf('video/mp4,.heic')).toBe('MP4 or HEIC files');
    expect(describeOf('.MOV')).toBe('MOV files');
  });

  it('names a format once, however many ways the accept lists it', () => {
    expect(describeOf({ 'image/png': ['.png'], 'image/jpeg': ['.jpg', '.jpeg'] })).toBe('PNG or JPEG files');
    expect(describeOf('image/png, IMAGE/PNG')).toBe('PNG files');
  });

  it('keeps a type it has no name for as its MIME type, and says "any file" for an empty rule', () => {
    expect(describeOf('application/pdf,image/png')).toBe('application/pdf or PNG files');
    expect(describeOf('')).toBe('any file');
  });
});
