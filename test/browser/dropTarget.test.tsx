// useDropTarget in real browsers (Chromium, Firefox, WebKit): native DragEvents and ClipboardEvents carrying real
// DataTransfers, real key presses and clicks, and a file chooser set on the hidden input.
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import { commands, server, userEvent } from 'vitest/browser';
import { useDropTarget, type DropTargetOptions } from '../../src/react/useDropTarget';
import { png, realBrowserUpdates } from './fixtures';

realBrowserUpdates();
afterEach(() => cleanup());

/** The input sits inside the zone here, as in a custom UI: its click must not bubble into a second picker. */
function Zone({ label = 'Drop here', children, ...options }: DropTargetOptions & { label?: string; children?: ReactNode }) {
  const target = useDropTarget(options);
  return (
    <div {...target.getRootProps({ role: 'button', 'aria-label': label, 'data-active': target.isDragActive || undefined })}>
      {children ?? (
        <span>
          Drop <b>files</b>
        </span>
      )}
      <input {...target.getInputProps({ 'data-testid': label === 'Drop here' ? 'input' : `${label} input` })} />
    </div>
  );
}

const zone = () => screen.getByRole('button', { name: 'Drop here' });
const input = () => screen.getByTestId('input') as HTMLInputElement;

/** A file chosen in the input's file chooser: Playwright sets the File; WebDriver (WebKit) types a path on disk. */
async function choose(file: File) {
  if (server.provider !== 'webdriverio') return userEvent.upload(input(), file);
  const bytes = new Uint8Array(await file.arrayBuffer());
  await commands.pickFile('[data-testid="input"]', file.name, btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join('')));
}

function transfer(...files: File[]): DataTransfer {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  return data;
}

/** A paste carrying `data`, set on the event: Firefox's ClipboardEvent constructor keeps only the strings of the one given. */
function paste(data: DataTransfer): ClipboardEvent {
  const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: data });
  return event;
}

/** Dispatches a native drag event; true when a listener canceled it (the browser will not open the file). */
function drag(type: string, target: Element, dataTransfer: DataTransfer): boolean {
  return !target.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
}

/** Every click the hidden input receives, canceled so that no real dialog opens during the test. */
function recordInputClicks(): Event[] {
  const clicks: Event[] = [];
  input().addEventListener('click', (event) => {
    clicks.push(event);
    event.preventDefault();
  });
  return clicks;
}

test('a native drop hands over every file, in order, with its bytes; dragenter, dragover and drop are canceled', async () => {
  const onFiles = vi.fn();
  render(<Zone onFiles={onFiles} />);
  const files = [png('one.png', 1000), png('two.png', 2000), new File(['hello'], 'three.txt', { type: 'text/plain' })];
  const data = transfer(...files);
  expect(drag('dragenter', zone(), data)).toBe(true);
  expect(drag('dragover', zone(), data)).toBe(true);
  expect(drag('drop', zone(), data)).toBe(true);
  await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
  const got: File[] = onFiles.mock.calls[0]![0];
  expect(got.map((file) => [file.name, file.size, file.type])).toEqual(files.map((file) => [file.name, file.size, file.type]));
  expect(await got[2]!.text()).toBe('hello');
});

test('isDragActive follows files across the nested children and ends when they leave; a text drag is not one', async () => {
  render(<Zone onFiles={vi.fn()} />);
  const child = screen.getByText('files');
  const data = transfer(png());
  drag('dragenter', zone(), data);
  await waitFor(() => expect(zone()).toHaveAttribute('data-active'));
  // Moving onto a child: the browser fires the child's dragenter, then the zone's dragleave.
  drag('dragenter', child, data);
  drag('dragleave', zone(), data);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  expect(zone()).toHaveAttribute('data-active');
  drag('dragleave', child, data);
  await waitFor(() => expect(zone()).not.toHaveAttribute('data-active'));

  const text = new DataTransfer();
  text.setData('text/plain', 'just words');
  drag('dragenter', zone(), text);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  expect(zone()).not.toHaveAttribute('data-active');
});

test('files dropped beside the zone do not replace the page; a text drop elsewhere keeps its default', () => {
  render(<Zone onFiles={vi.fn()} />);
  expect(drag('dragover', document.body, transfer(png()))).toBe(true);
  expect(drag('drop', document.body, transfer(png()))).toBe(true);
  const text = new DataTransfer();
  text.setData('text/plain', 'just words');
  expect(drag('drop', document.body, text)).toBe(false);
});

test('a file pasted on the focused zone is handed over; a paste of text is not touched', async () => {
  const onFiles = vi.fn();
  render(<Zone onFiles={onFiles} />);
  zone().focus();
  expect(zone().dispatchEvent(paste(transfer(png('shot.png'))))).toBe(false);
  expect(onFiles.mock.calls.map(([files]) => files.map((file: File) => file.name))).toEqual([['shot.png']]);
  const text = new DataTransfer();
  text.setData('text/plain', 'just words');
  expect(zone().dispatchEvent(paste(text))).toBe(true);
  expect(onFiles).toHaveBeenCalledTimes(1);
});

test('Tab reaches the zone, never the hidden input; Enter, Space and a real click each open the picker once', async () => {
  // A control after the zone: the next Tab lands there. With nothing after it, focus left the test's document, and
  // Firefox then ran no Enter activation on a later test's focused button (the document had lost the window's focus).
  render(
    <>
      <Zone onFiles={vi.fn()} />
      <button type="button">Next</button>
    </>,
  );
  const clicks = recordInputClicks();
  await userEvent.keyboard('{Tab}');
  expect(zone()).toHaveFocus();
  await userEvent.keyboard('{Enter}');
  await userEvent.keyboard(' ');
  await userEvent.click(zone());
  expect(clicks).toHaveLength(3);
  await userEvent.keyboard('{Tab}');
  expect(screen.getByRole('button', { name: 'Next' })).toHaveFocus();
  expect(input()).not.toHaveFocus();
  expect(input()).not.toBeVisible();
});

test('picking through the file chooser hands the files over, and the same file picked again arrives again', async () => {
  const onFiles = vi.fn();
  render(<Zone onFiles={onFiles} />);
  const file = png('same.png', 4096);
  await choose(file);
  await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
  expect(input().value).toBe('');
  await choose(file);
  await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(2));
  expect(onFiles.mock.calls.map(([files]) => files.map((f: File) => [f.name, f.size]))).toEqual([[['same.png', 4096]], [['same.png', 4096]]]);
});

test('disabled: drop, paste, keys and clicks do nothing; the zone is out of the tab order', async () => {
  const onFiles = vi.fn();
  const onControlFiles = vi.fn();
  render(
    <>
      <Zone onFiles={onFiles} disabled />
      <Zone label="Control" onFiles={onControlFiles} />
    </>,
  );
  const control = screen.getByRole('button', { name: 'Control' });
  const clicks = recordInputClicks();
  drag('dragenter', zone(), transfer(png()));
  // The document guard still keeps a dropped file from replacing the page.
  expect(drag('drop', zone(), transfer(png()))).toBe(true);
  zone().dispatchEvent(paste(transfer(png())));
  // aria-disabled makes Playwright wait for the zone to be enabled: force the click, as a user's click is.
  await userEvent.click(zone(), { force: true });
  zone().focus();
  await userEvent.keyboard('{Enter}');
  // An enabled zone beside it gets the same drag and drop afterwards: once it shows the drag and hands its file
  // over, the disabled zone would have done both before it.
  drag('dragenter', control, transfer(png()));
  await waitFor(() => expect(control).toHaveAttribute('data-active'));
  expect(zone()).not.toHaveAttribute('data-active');
  drag('drop', control, transfer(png('control.png')));
  await waitFor(() => expect(onControlFiles).toHaveBeenCalledTimes(1));
  expect(onFiles).not.toHaveBeenCalled();
  expect(zone()).not.toHaveAttribute('tabindex');
  expect(clicks).toHaveLength(0);
});

test("a click or Enter on a control inside the zone (a custom UI's Cancel, a link) is that control's: no picker", async () => {
  const cancel = vi.fn();
  render(
    <Zone onFiles={vi.fn()}>
      <span>Drop files</span>
      <button type="button" onClick={cancel}>Cancel a.png</button>
      <a href="#help">Help</a>
    </Zone>,
  );
  const clicks = recordInputClicks();
  await userEvent.click(screen.getByRole('button', { name: 'Cancel a.png' }));
  screen.getByRole('button', { name: 'Cancel a.png' }).focus();
  await userEvent.keyboard('{Enter}');
  expect(cancel).toHaveBeenCalledTimes(2);
  await userEvent.click(screen.getByRole('link', { name: 'Help' }));
  expect(clicks).toHaveLength(0);
  // The zone's own text still opens it.
  await userEvent.click(screen.getByText('Drop files'));
  expect(clicks).toHaveLength(1);
});
