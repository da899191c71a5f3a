import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, inject, vi } from 'vitest';
import type { PresignFunction } from '../../src/index';

/** A presign function that asks the loopback storage (globalSetup.ts) for a target in one provider's shape. */
export function presignVia(shape: string, extra = ''): PresignFunction {
  return async (request, { signal }) => {
    const response = await fetch(`${inject('storageOrigin')}/presign?shape=${shape}${extra}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal,
    });
    return response.json();
  };
}

// A real 1x1 PNG, then zero padding up to the size asked: browsers decode it (ignoring bytes after IEND),
// and the core sniffs its signature.
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export function png(name = 'holiday.png', size = 3 * 1024 * 1024): File {
  const pixel = Uint8Array.from(atob(PIXEL_PNG), (c) => c.charCodeAt(0));
  const bytes = new Uint8Array(Math.max(size, pixel.length));
  bytes.set(pixel);
  return new File([bytes], name, { type: 'image/png' });
}

/** Each test starts with an empty storage server and ends with the page's React trees unmounted and spies restored. */
export function freshStorageEachTest(): void {
  beforeEach(async () => {
    await fetch(`${inject('storageOrigin')}/reset`, { method: 'POST' });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });
}

/**
 * A real browser is not an act() environment: state updates come from real network and media events.
 * testing-library turns the flag on in its own beforeAll; turn it off after it (its render still wraps in act).
 */
export function realBrowserUpdates(): void {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  });
}

/**
 * A WebM recorded from a canvas, as a phone would hand over a clip, about `ms` long. A recording takes real time: one
 * saturated frame (never black) is painted per animation frame until `ms` have passed, no timer.
 */
export async function recordWebm(name: string, width: number, height: number, ms: number): Promise<File> {
  const canvas = document.createElement('canvas');
  Object.assign(canvas, { width, height });
  const context = canvas.getContext('2d')!;
  const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const paint = (now: number) => {
      context.fillStyle = `hsl(${Math.round(now - start) % 360}, 80%, 50%)`;
      context.fillRect(0, 0, width, height);
      if (now - start < ms) requestAnimationFrame(paint);
      else resolve();
    };
    requestAnimationFrame(paint);
  });
  recorder.stop();
  await stopped;
  return new File(chunks, name, { type: 'video/webm' });
}

/** What the loopback storage server (globalSetup.ts) saw. */
export interface Stats {
  requests: string[];
  stored: Record<string, number>;
  /** Keys of PUTs whose connection closed before storage had read the body and answered. */
  aborted: string[];
}
export const stats = async (): Promise<Stats> => (await fetch(`${inject('storageOrigin')}/stats`)).json();

/** The key of the PUT (of the file named `name`, if given) the storage server is reading, once it has one. */
export async function putUnderWay(name = ''): Promise<string> {
  let key = '';
  await waitFor(async () => {
    const put = (await stats()).requests.find((line) => line.startsWith('PUT /bucket/') && line.endsWith(name));
    expect(put).toBeDefined();
    key = put!.slice('PUT /bucket/'.length);
  }, { timeout: 15_000 });
  return key;
}

/** Waits until the storage server is done with the PUT, stored or aborted, and expects aborted: nothing stored. */
export async function expectServerSawAbort(key: string) {
  let now: Stats | undefined;
  await waitFor(async () => {
    now = await stats();
    expect(now.aborted.includes(key) || key in now.stored).toBe(true);
  }, { timeout: 15_000 });
  expect(now!.aborted, JSON.stringify(now)).toEqual([key]);
  expect(now!.stored).toEqual({});
}

/** A native drop, as the OS would deliver it: testing-library's fireEvent.drop drops nothing in a real browser. */
export function drop(target: HTMLElement, ...files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

/** A file's row in the widget, by its name. */
export const rowOf = (name: string) => screen.getByText(name, { selector: '.mu-file-name' }).closest('li')!;
export const waitForState = (name: string, state: string, timeout = 15_000) =>
  waitFor(() => expect(rowOf(name)).toHaveAttribute('data-state', state), { timeout });
