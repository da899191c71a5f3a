// Previews read real media in Chromium: a video's first frame, an audio file's duration.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, inject, test } from 'vitest';
import { MediaUploader, type PresignFunction } from '../../src/index';
import { png, realBrowserUpdates } from './fixtures';

const origin = inject('storageOrigin');
realBrowserUpdates();
afterEach(cleanup);

const presign: PresignFunction = async (request, { signal }) =>
  (
    await fetch(`${origin}/presign?shape=native`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal,
    })
  ).json();

/** One second of 8 kHz, 8-bit mono silence as a WAV file. */
function wav(name = 'voice.wav', seconds = 1): File {
  const rate = 8000;
  const data = rate * seconds;
  const buffer = new ArrayBuffer(44 + data);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, data, true);
  new Uint8Array(buffer, 44).fill(128);
  return new File([buffer], name, { type: 'audio/wav' });
}

/** A short WebM recorded from a canvas, as a phone would hand over a clip. */
async function webm(name = 'clip.webm'): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const context = canvas.getContext('2d')!;
  const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start();
  for (let frame = 0; frame < 12; frame++) {
    context.fillStyle = `hsl(${frame * 30}, 80%, 50%)`;
    context.fillRect(0, 0, 64, 48);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  recorder.stop();
  await stopped;
  return new File(chunks, name, { type: 'video/webm' });
}

function drop(target: Element, file: File) {
  const dataTransfer = new DataTransfer();
  dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

test('an audio file shows its duration', async () => {
  const { container } = render(<MediaUploader name="audio" presign={presign} />);
  drop(container.querySelector('[data-mu-dropzone]')!, wav());
  expect(await screen.findByText('Duration 0:01', {}, { timeout: 10_000 })).toBeVisible();
  expect(container.querySelector('audio')).toHaveAttribute('preload', 'metadata');
});

test('a video shows a frame a little after the start', async () => {
  const { container } = render(<MediaUploader name="video" presign={presign} />);
  drop(container.querySelector('[data-mu-dropzone]')!, await webm());
  await waitFor(() => expect(container.querySelector('video')).not.toBeNull(), { timeout: 10_000 });
  const video = container.querySelector('video')!;
  expect(video).toHaveAttribute('preload', 'metadata');
  expect(video.muted).toBe(true);
  await waitFor(() => expect(video.currentTime).toBeGreaterThan(0), { timeout: 10_000 });
});

test('an image the browser cannot decode falls back to the icon, not a broken image', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} />);
  const bytes = new Uint8Array(2048);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // a PNG signature and nothing valid after it
  drop(container.querySelector('[data-mu-dropzone]')!, new File([bytes], 'broken.png', { type: 'image/png' }));
  await waitFor(() => expect(container.querySelector('.mu-preview')).toHaveAttribute('data-kind', 'other'), { timeout: 10_000 });
  expect(container.querySelector('img')).toBeNull();
});

test('a decodable image shows as a thumbnail with an empty alt', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} />);
  drop(container.querySelector('[data-mu-dropzone]')!, png('pixel.png', 1024));
  await waitFor(() => expect(container.querySelector('img')?.naturalWidth).toBe(1), { timeout: 10_000 });
  expect(container.querySelector('img')).toHaveAttribute('alt', '');
});
