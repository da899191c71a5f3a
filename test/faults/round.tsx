// One round of a fault run: a fresh form with <MediaUploader multiple name="media">, a batch of seeded files
// dropped on it in a few drops, browser faults at seeded moments, then what the page and the server ended with.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { commands } from 'vitest/browser';
import { MediaUploader } from '../../src/index';
import { makeFile } from './media';
import type { PlannedFile } from './plan';
import { hideTab, showTab, type Probes } from './probes';

export interface RoundEvents {
  strict: boolean;
  offline: boolean;
  hidden: boolean;
  cancel: boolean;
  unmount: boolean;
  drops: number;
  /** Delays in ms, drawn from the seed. */
  at: number;
  lasting: number;
}

export interface RoundResult {
  files: File[];
  /** Row states in pick order, by file name. */
  statuses: Map<string, string>;
  /** `new FormData(form).getAll('media')` once every file ended. */
  values: string[];
  /** When each value first appeared in the form (page clock). */
  valueSeenAt: Map<string, number>;
  canceled: string | null;
  unmounted: boolean;
  openXhrsAtEnd: number;
  liveUrlsAfterUnmount: number;
}

export const RETRY = { retries: 3, baseDelayMs: 20, maxDelayMs: 200 };
const TERMINAL = new Set(['done', 'error', 'canceled']);
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `what` is read when the wait times out, so it can say what the page looked like then. */
async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what()}`);
    await tick(50);
  }
}

function drop(target: HTMLElement, files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

export async function runRound(origin: string, planned: PlannedFile[], events: RoundEvents, pool: Blob[], seed: number, probes: Probes): Promise<RoundResult> {
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  // Options the engine may not type yet (presignTimeoutMs) go in as a spread, not as props TypeScript checks.
  const timeouts = { stallTimeoutMs: 2500, presignTimeoutMs: 2500 };
  const form = (
    <form aria-label="Prediction">
      <MediaUploader
        name="media"
        multiple
        presign={`${origin}/presign`}
        presignHeaders={{ 'x-app-token': 'app-secret-token' }}
        retry={RETRY}
        maxSize={25 * 1024 * 1024}
        {...timeouts}
      />
    </form>
  );
  root.render(events.strict ? <StrictMode>{form}</StrictMode> : form);
  await until(() => host.querySelector('[data-mu-dropzone]') !== null, 10_000, () => 'the drop zone');
  const formElement = host.querySelector('form')!;
  const valueSeenAt = new Map<string, number>();
  const observer = new MutationObserver(() => {
    for (const input of formElement.querySelectorAll<HTMLInputElement>('input[name="media"]')) {
      if (!valueSeenAt.has(input.value)) valueSeenAt.set(input.value, Date.now());
    }
  });
  observer.observe(formElement, { subtree: true, childList: true, attributes: true });

  const files = planned.map((p) => makeFile(p, pool, seed));
  const rows = () => [...host.querySelectorAll<HTMLElement>('li.mu-file:not([data-existing])')];
  const per = Math.ceil(files.length / events.drops);
  for (let i = 0; i < files.length; i += per) {
    drop(host.querySelector<HTMLElement>('[data-mu-dropzone]')!, files.slice(i, i + per));
    const expected = Math.min(files.length, i + per);
    // The next drop waits for this one's rows: pick order is drop order.
    await until(() => rows().length >= expected, 20_000, () => `${expected} rows after drop ${i / per + 1} (${rows().length} seen; ${JSON.stringify(events)})`);
  }

  let unmounted = false;
  let canceled: string | null = null;
  const browserFaults = (async () => {
    await tick(events.at);
    if (events.offline) {
      await commands.setNetwork(false, origin);
      await tick(events.lasting);
      await commands.setNetwork(true, origin);
    }
    if (events.hidden) {
      hideTab();
      await tick(events.lasting);
      showTab();
    }
    if (events.cancel) {
      const button = host.querySelector<HTMLButtonElement>('button[aria-label^="Cancel "]');
      if (button) {
        canceled = button.closest('li')!.querySelector('.mu-file-name')!.textContent;
        button.click();
      }
    }
    if (events.unmount) {
      observer.disconnect();
      root.unmount();
      unmounted = true;
    }
  })();

  await until(() => unmounted || (rows().length === files.length && rows().every((row) => TERMINAL.has(row.dataset.state ?? ''))), 300_000, () => {
    // Which files never ended, and where each stopped: the line a hung seed is replayed from.
    const open = rows().filter((row) => !TERMINAL.has(row.dataset.state ?? ''));
    const names = open.map((row) => `${row.querySelector('.mu-file-name')?.textContent} ${row.dataset.state}`);
    return `every file to end (${rows().length} of ${files.length} rows; not ended: ${names.join(', ') || 'none'}; ${JSON.stringify(events)})`;
  });
  await browserFaults;
  const statuses = new Map(rows().map((row) => [row.querySelector('.mu-file-name')!.textContent!, row.dataset.state!]));
  const values = unmounted ? [] : (new FormData(formElement).getAll('media') as string[]);
  const openXhrsAtEnd = probes.openXhrs.size;
  observer.disconnect();
  if (!unmounted) root.unmount();
  host.remove();
  return { files, statuses, values, valueSeenAt, canceled, unmounted, openXhrsAtEnd, liveUrlsAfterUnmount: probes.liveUrls.size };
}
