// Storage behaviours for stories, on msw (the browser's real XMLHttpRequest, answered by the service worker),
// and the small helpers every story file shares.
import { delay, http, HttpResponse } from 'msw';
import { expect, waitFor } from 'storybook/test';
import type { PresignFunction, PresignRequest, UploadErrorCode } from '../../src/index';

/** Takes the PUT and never answers: the row stays `uploading` (at 0%: the worker sends no progress events). */
export const HANGING_STORAGE = 'https://hanging-storage.example.com';
/** Drops the connection: the XHR's `error` event, as when the network goes away. */
export const DROPPING_STORAGE = 'https://dropping-storage.example.com';

export const storageHandlers = [
  http.put(`${HANGING_STORAGE}/*`, async () => {
    await delay('infinite');
  }),
  http.put(`${DROPPING_STORAGE}/*`, () => HttpResponse.error()),
];

/** A presign function answering a native target at `origin`, as an app's own presign code would. */
export function presignTo(origin: string, query = new URLSearchParams()): PresignFunction {
  return async (req: PresignRequest) => {
    const key = `uploads/${crypto.randomUUID()}${req.filename.slice(req.filename.lastIndexOf('.'))}`;
    query.set('X-Amz-Signature', 'story');
    return {
      uploadUrl: `${origin}/${key}?${query}`,
      method: 'PUT',
      headers: { 'Content-Type': req.contentType },
      publicUrl: `https://cdn.example.com/${key}`,
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    };
  };
}

/** A presign that waits until the file is canceled: the row stays `presigning` ("Preparing"). */
export const presignForever: PresignFunction = (_req, { signal }) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

/** The hidden form inputs carrying the field's values, in order. */
export function formValues(root: HTMLElement, name: string): string[] {
  return [...root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].map((input) => input.value);
}

/** The row of the file named `name`. */
export function rowOf(root: HTMLElement, name: string): HTMLElement {
  const row = [...root.querySelectorAll<HTMLElement>('.mu-file')].find((li) => li.querySelector('.mu-file-name')?.textContent === name);
  if (!row) throw new Error(`No row for ${name}`);
  return row;
}

/** Waits for a row in `status` (its `data-state`). */
export async function waitForStatus(root: HTMLElement, name: string, status: string): Promise<HTMLElement> {
  let row: HTMLElement | undefined;
  await waitFor(() => {
    row = rowOf(root, name);
    expect(row).toHaveAttribute('data-state', status);
  });
  return row!;
}

/** `onError` was called for `name` with `code`, and the row shows that error's sentence. */
export async function expectError(root: HTMLElement, onError: unknown, name: string, code: UploadErrorCode) {
  const row = await waitForStatus(root, name, 'error');
  await waitFor(() =>
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code }), expect.objectContaining({ name })),
  );
  const calls = (onError as unknown as { mock: { calls: [{ code: string; message: string }, { name: string }][] } }).mock.calls;
  const error = calls.find(([e, file]) => e.code === code && file.name === name)![0];
  await expect(row.querySelector('.mu-file-error')).toHaveTextContent(error.message);
  return { row, message: error.message };
}
