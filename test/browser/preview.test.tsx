// Previews read real media in Chromium: a video's first frame, an audio file's duration.
import '@testing-library/jest-dom/vitest';
import '../../src/react/styles.css';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { MediaUploader } from '../../src/index';
import { audioFile } from '../../stories/support/files';
import { png, presignVia, realBrowserUpdates, recordWebm } from './fixtures';

realBrowserUpdates();
afterEach(cleanup);

const presign = presignVia('native');

function drop(target: Element, file: File) {
  const dataTransfer = new DataTransfer();
  dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

/** True when every piece of text shown inside `box` (not the visually hidden kind) lies inside its border box. */
function textFitsIn(box: Element): boolean {
  const outer = box.getBoundingClientRect();
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim() || node.parentElement?.closest('.mu-visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.left < outer.left - 0.5 || rect.right > outer.right + 0.5) return false;
    if (rect.top < outer.top - 0.5 || rect.bottom > outer.bottom + 0.5) return false;
  }
  return true;
}

test('an audio file shows its duration, readable inside the preview, and says "Duration" to screen readers', async () => {
  const { container } = render(<MediaUploader name="audio" presign={presign} />);
  drop(container.querySelector('[data-mu-dropzone]')!, audioFile('voice.wav', 2));
  expect(await screen.findByText('Duration 0:02', {}, { timeout: 10_000 })).toBeInTheDocument();
  expect(container.querySelector('audio')).toHaveAttribute('preload', 'metadata');
  const preview = container.querySelector('.mu-preview[data-kind="audio"]')!;
  expect(preview).toHaveTextContent('0:02');
  // The fixed square cut "Duration 0:02" to "Duratior" (overflow hidden).
  expect(textFitsIn(preview)).toBe(true);
});

test('an audio preview keeps the row layout in a narrow field: preview beside the name, clock uncut', async () => {
  const { container } = render(
    <div style={{ width: 280 }}>
      <MediaUploader name="audio" presign={presign} />
    </div>,
  );
  drop(container.querySelector('[data-mu-dropzone]')!, audioFile('a-rather-long-voice-memo-name.wav', 2));
  await screen.findByText('Duration 0:02', {}, { timeout: 10_000 });
  const preview = container.querySelector('.mu-preview')!.getBoundingClientRect();
  const body = container.querySelector('.mu-file-body')!.getBoundingClientRect();
  expect(preview.width).toBeLessThanOrEqual(64);
  expect(body.left).toBeGreaterThanOrEqual(preview.right);
  expect(body.top).toBeLessThan(preview.bottom);
  expect(textFitsIn(container.querySelector('.mu-preview')!)).toBe(true);
});

test('a video shows its first frame (a frame a little after the start), decoded and painted', async () => {
  const { container } = render(<MediaUploader name="video" presign={presign} />);
  drop(container.querySelector('[data-mu-dropzone]')!, await recordWebm('clip.webm', 64, 48, 500));
  await waitFor(() => expect(container.querySelector('video')).not.toBeNull(), { timeout: 10_000 });
  const video = container.querySelector('video')!;
  expect(video).toHaveAttribute('preload', 'metadata');
  expect(video.muted).toBe(true);
  await waitFor(() => expect(video.currentTime).toBeGreaterThan(0), { timeout: 10_000 });
  // HAVE_CURRENT_DATA and done seeking: the frame at currentTime is decoded, not a grey box.
  await waitFor(() => expect(!video.seeking && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA).toBe(true), {
    timeout: 10_000,
  });
  expect(video.videoWidth).toBe(64);
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d')!;
  context.drawImage(video, 0, 0);
  const [r, g, b, a] = context.getImageData(32, 24, 1, 1).data;
  // The clip's frames are saturated colours (hsl(h, 80%, 50%)), never black or transparent.
  expect(a).toBe(255);
  expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeGreaterThan(50);
  const box = video.getBoundingClientRect();
  expect(box.width).toBeGreaterThan(0);
  expect(box.height).toBeGreaterThan(0);
});

test('a video the browser cannot decode falls back to the icon, not an empty grey box', async () => {
  const { container } = render(<MediaUploader name="video" presign={presign} />);
  const bytes = new Uint8Array(4096);
  // An MP4 `ftyp` box (so it is sniffed as video/mp4) and nothing playable after it.
  bytes.set([0x00, 0x00, 0x00, 0x18, ...[...'ftypisom'].map((c) => c.charCodeAt(0))]);
  drop(container.querySelector('[data-mu-dropzone]')!, new File([bytes], 'broken.mp4', { type: 'video/mp4' }));
  // Before the bytes are sniffed there is no preview URL (and so the icon): wait until the file is long typed.
  await waitFor(() => expect(container.querySelector('li[data-state="done"]')).not.toBeNull(), { timeout: 10_000 });
  await waitFor(() => expect(container.querySelector('.mu-preview')).toHaveAttribute('data-kind', 'other'), {
    timeout: 10_000,
  });
  expect(container.querySelector('video')).toBeNull();
  expect(container.querySelector('.mu-preview-icon')).toBeVisible();
});

test('an image the browser cannot decode falls back to the icon, not a broken image', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} />);
  const bytes = new Uint8Array(2048);
  // A PNG whose chunks are well formed (so location removal can walk them) but which holds no image data.
  bytes.set([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137,
    0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82,
  ]);
  drop(container.querySelector('[data-mu-dropzone]')!, new File([bytes], 'broken.png', { type: 'image/png' }));
  await waitFor(() => expect(container.querySelector('li[data-state="done"]')).not.toBeNull(), { timeout: 10_000 });
  await waitFor(() => expect(container.querySelector('.mu-preview')).toHaveAttribute('data-kind', 'other'), { timeout: 10_000 });
  expect(container.querySelector('img')).toBeNull();
});

test('a decodable image shows as a thumbnail with an empty alt', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} />);
  drop(container.querySelector('[data-mu-dropzone]')!, png('pixel.png', 1024));
  await waitFor(() => expect(container.querySelector('img')?.naturalWidth).toBe(1), { timeout: 10_000 });
  expect(container.querySelector('img')).toHaveAttribute('alt', '');
});

test('an image over 20 MB shows the icon: its thumbnail would decode the whole file while it uploads', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} multiple />);
  const pixel = new Uint8Array(await png('pixel.png', 1024).arrayBuffer());
  const big = new File([pixel, new Uint8Array(20 * 1024 * 1024)], 'big.png', { type: 'image/png' });
  drop(container.querySelector('[data-mu-dropzone]')!, big);
  await waitFor(() => expect(container.querySelector('li[data-state="done"]')).not.toBeNull(), { timeout: 30_000 });
  expect(container.querySelector('img')).toBeNull();
  expect(container.querySelector('.mu-preview')).toHaveAttribute('data-kind', 'other');
  // The same image under the limit is shown.
  drop(container.querySelector('[data-mu-dropzone]')!, new File([pixel], 'small.png', { type: 'image/png' }));
  await waitFor(() => expect(container.querySelector('img')?.naturalWidth).toBe(1), { timeout: 10_000 });
});

test('a row far below the visible list makes no thumbnail until it is scrolled to: a long list pays for the rows in view', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} multiple />);
  const pixel = new Uint8Array(await png('pixel.png', 1024).arrayBuffer());
  const dataTransfer = new DataTransfer();
  for (let i = 0; i < 60; i++) dataTransfer.items.add(new File([pixel], `p${i}.png`, { type: 'image/png' }));
  container.querySelector('[data-mu-dropzone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
  await waitFor(() => expect(container.querySelectorAll('li[data-state="done"]')).toHaveLength(60), { timeout: 30_000 });
  const rows = [...container.querySelectorAll('li.mu-file')];
  // The first row is in view and shows its thumbnail; the last is several screens down and shows the icon.
  await waitFor(() => expect(rows[0]!.querySelector('img')?.naturalWidth).toBe(1), { timeout: 10_000 });
  const last = rows.at(-1)!;
  expect(last.getBoundingClientRect().top).toBeGreaterThan(2 * window.innerHeight + 100);
  expect(last.querySelector('img')).toBeNull();
  last.scrollIntoView();
  await waitFor(() => expect(last.querySelector('img')?.naturalWidth).toBe(1), { timeout: 10_000 });
  window.scrollTo(0, 0);
});

test('a 12 MB image over a network of a few MB/s shows its thumbnail while it uploads (its read costs little beside the upload)', async () => {
  const { container } = render(<MediaUploader name="image" presign={presign} />);
  // The loopback storage reads bodies in sips (about 5 MB/s): past what the socket buffers take at once, the
  // measured speed is the network's, well before the end.
  drop(container.querySelector('[data-mu-dropzone]')!, png('photo.png', 12 * 1024 * 1024));
  await waitFor(() => expect(container.querySelector('img')?.naturalWidth).toBe(1), { timeout: 20_000 });
  expect(container.querySelector('li.mu-file')).toHaveAttribute('data-state', 'uploading');
  await waitFor(() => expect(container.querySelector('li[data-state="done"]')).not.toBeNull(), { timeout: 20_000 });
});
