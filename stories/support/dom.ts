// Drives the uploader the way a user does, with real browser events.

/** The file input react-dropzone renders (hidden; the drop zone opens it). */
export function fileInput(root: HTMLElement): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('No file input in the story');
  return input;
}

function transfer(files: readonly File[]): DataTransfer {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  return data;
}

/** Picks files as the file dialog would: sets `input.files` and fires `change`, ignoring `accept` like a drop. */
export function pickFiles(root: HTMLElement, files: readonly File[]): void {
  const input = fileInput(root);
  input.files = transfer(files).files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The drop zone element. */
export function dropzone(root: HTMLElement): HTMLElement {
  const zone = root.querySelector<HTMLElement>('[data-mu-dropzone]');
  if (!zone) throw new Error('No drop zone in the story');
  return zone;
}

// testing-library's fireEvent copies own properties only, so a real DataTransfer would arrive empty.
export function dragEnter(root: HTMLElement, files: readonly File[]): void {
  const dataTransfer = transfer(files);
  for (const type of ['dragenter', 'dragover'] as const) {
    dropzone(root).dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
  }
}

export function drop(root: HTMLElement, files: readonly File[]): void {
  const dataTransfer = transfer(files);
  for (const type of ['dragenter', 'dragover', 'drop'] as const) {
    dropzone(root).dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
  }
}

/**
 * Records every message the widget's polite live region holds (it clears them once stale): `said()` is all of them,
 * in order, joined; `stop()` ends the recording.
 */
export function recordAnnouncements(root: HTMLElement): { said: () => string; stop: () => void } {
  const live = root.querySelector('[role="status"][aria-live="polite"]');
  if (!live) throw new Error('No polite live region in the story');
  const messages: string[] = [];
  const observer = new MutationObserver(() => messages.push(live.textContent ?? ''));
  observer.observe(live, { childList: true, characterData: true, subtree: true });
  return { said: () => messages.join(' '), stop: () => observer.disconnect() };
}
