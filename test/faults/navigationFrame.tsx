// The widget inside navigationFrame.html. Each load is a fresh document with its own id, sent as the presign's
// app header, so the fault server's log tells which page a presign came from (and its key, which PUTs).
import { createRoot } from 'react-dom/client';
import { MediaUploader } from '../../src/index';
import { makeFile, randomPool } from './media';
import type { Kind } from './plan';

export interface FrameWidget {
  pageId: string;
  drop(name: string, size: number, kind: Kind): void;
  values(): string[];
  state(name: string): string | null | undefined;
}

declare global {
  interface Window {
    frameWidget?: FrameWidget;
  }
}

const origin = new URLSearchParams(location.search).get('origin')!;
const pageId = crypto.randomUUID();
const pool = randomPool(7);
const host = document.body.appendChild(document.createElement('div'));
// A long stall timeout: the throttled PUT this page starts must still be running when the test navigates away.
const timeouts = { stallTimeoutMs: 60_000, presignTimeoutMs: 10_000 };
createRoot(host).render(
  <form>
    <MediaUploader name="media" multiple presign={`${origin}/presign`} presignHeaders={{ 'x-app-token': pageId }} maxSize={200 * 1024 * 1024} retry={{ retries: 3, baseDelayMs: 10, maxDelayMs: 50 }} {...timeouts} />
  </form>,
);
const observer = new MutationObserver(() => {
  const zone = host.querySelector('[data-mu-dropzone]');
  if (!zone) return;
  observer.disconnect();
  // Set once the drop zone shows: the test waits for it as the page's "ready".
  window.frameWidget = {
    pageId,
    drop(name, size, kind) {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(makeFile({ name, size, kind, plan: { presign: [], put: [] } }, pool, 7));
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    },
    values: () => new FormData(host.querySelector('form')!).getAll('media') as string[],
    state: (name) =>
      [...host.querySelectorAll('li.mu-file')].find((li) => li.querySelector('.mu-file-name')?.textContent === name)?.getAttribute('data-state'),
  };
});
observer.observe(host, { childList: true, subtree: true });
