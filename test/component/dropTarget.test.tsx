// The drop zone behaviour that replaced react-dropzone, in jsdom: picker, keys, drop, paste, drag state, disabled,
// handler composition. Real DragEvents and DataTransfers are in test/browser/dropTarget.test.tsx.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, type ReactNode } from 'react';
import { useDropTarget, type DropTarget, type DropTargetOptions } from '../../src/react/useDropTarget';
import { pngFile, textFile } from './fixtures';
import { startReader } from '../../src/core/readBytes';

// The worker that reads first bytes is started on the first sign of files (readBytes.ts): here only whether it is asked.
vi.mock('../../src/core/readBytes', async (original) => ({ ...(await original<object>()), startReader: vi.fn() }));

function Zone({ rootProps, inputProps, children, onTarget, ...options }: DropTargetOptions & {
  rootProps?: Record<string, unknown>;
  inputProps?: Record<string, unknown>;
  children?: ReactNode;
  onTarget?: (target: DropTarget) => void;
}) {
  const target = useDropTarget(options);
  onTarget?.(target);
  return (
    <div>
      <div {...target.getRootProps({ role: 'button', 'aria-label': 'Drop here', 'data-active': target.isDragActive || undefined, ...rootProps })}>
        {children ?? <span>Drop files</span>}
      </div>
      <input {...target.getInputProps({ 'data-testid': 'input', ...inputProps })} />
    </div>
  );
}

const zone = () => screen.getByRole('button', { name: 'Drop here' });
const input = () => screen.getByTestId('input') as HTMLInputElement;
const names = (files: File[]) => files.map((file) => file.name);

afterEach(() => vi.useRealTimers());

/** The DataTransfer shape jsdom tests can build: jsdom has no DataTransfer. */
function transfer(files: File[], types = ['Files']) {
  return { files, types, items: files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file })) };
}

describe('the first-bytes worker', () => {
  it('starts when files are dragged over the page or the picker opens, not for a drag of text', () => {
    const start = vi.mocked(startReader);
    start.mockClear();
    render(<Zone onFiles={vi.fn()} />);
    fireEvent.dragOver(document, { dataTransfer: transfer([], ['text/plain']) });
    expect(start).not.toHaveBeenCalled();
    fireEvent.dragOver(document, { dataTransfer: transfer([pngFile('a.png')]) });
    expect(start).toHaveBeenCalledTimes(1);
    start.mockClear();
    vi.spyOn(input(), 'click').mockImplementation(() => {});
    fireEvent.click(zone());
    expect(start).toHaveBeenCalledTimes(1);
  });
});

describe('opening the picker', () => {
  it('a click, Enter and Space on the zone click the hidden input; a key on a child does not', async () => {
    render(<Zone onFiles={vi.fn()}><button type="button">Remove</button></Zone>);
    const click = vi.spyOn(input(), 'click').mockImplementation(() => {});
    await userEvent.click(zone());
    zone().focus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    expect(click).toHaveBeenCalledTimes(3);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Remove' }), { key: 'Enter' });
    expect(click).toHaveBeenCalledTimes(3);
  });

  it('Space does not scroll the page: its keydown is prevented', () => {
    render(<Zone onFiles={vi.fn()} />);
    vi.spyOn(input(), 'click').mockImplementation(() => {});
    expect(fireEvent.keyDown(zone(), { key: ' ' })).toBe(false);
    expect(fireEvent.keyDown(zone(), { key: 'a' })).toBe(true);
  });

  it('open() clicks the input; the input is out of sight, the tab order and the accessibility tree', () => {
    let target: DropTarget | undefined;
    render(<Zone onFiles={vi.fn()} accept="image/*,.heic" multiple onTarget={(t) => (target = t)} />);
    const click = vi.spyOn(input(), 'click').mockImplementation(() => {});
    target!.open();
    expect(click).toHaveBeenCalledTimes(1);
    expect(input()).toHaveAttribute('type', 'file');
    expect(input()).toHaveAttribute('accept', 'image/*,.heic');
    expect(input().multiple).toBe(true);
    expect(input()).toHaveAttribute('tabindex', '-1');
    expect(input()).toHaveAttribute('aria-hidden', 'true');
    expect(input()).toHaveStyle({ display: 'none' });
    expect(zone()).toHaveAttribute('tabindex', '0');
  });

  it("a click on an input inside the zone does not reach the zone's own click (no second picker)", async () => {
    function Nested({ onZoneClick }: { onZoneClick: () => void }) {
      const target = useDropTarget({ onFiles: vi.fn() });
      return (
        <div {...target.getRootProps({ role: 'button', 'aria-label': 'Drop here', onClick: onZoneClick })}>
          <input {...target.getInputProps({ 'data-testid': 'input' })} />
        </div>
      );
    }
    const onZoneClick = vi.fn();
    render(<Nested onZoneClick={onZoneClick} />);
    fireEvent.click(input());
    expect(onZoneClick).not.toHaveBeenCalled();
  });
});

describe('picking', () => {
  it('hands over the picked files in order, and the same file picked twice arrives twice', async () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} multiple />);
    const same = pngFile('same.png');
    await userEvent.upload(input(), [pngFile('a.png'), pngFile('b.png')]);
    await userEvent.upload(input(), same);
    await userEvent.upload(input(), same);
    expect(onFiles.mock.calls.map(([files]) => names(files))).toEqual([['a.png', 'b.png'], ['same.png'], ['same.png']]);
    expect(input().value).toBe('');
  });

  it("the caller's input props are spread last, and the caller's ref gets the input while open() still works", () => {
    const ref = createRef<HTMLInputElement>();
    let target: DropTarget | undefined;
    render(<Zone onFiles={vi.fn()} inputProps={{ ref, className: 'mine', accept: '.png' }} onTarget={(t) => (target = t)} />);
    expect(ref.current).toBe(input());
    expect(input()).toHaveClass('mine');
    expect(input()).toHaveAttribute('accept', '.png');
    const click = vi.spyOn(input(), 'click').mockImplementation(() => {});
    target!.open();
    expect(click).toHaveBeenCalledTimes(1);
  });
});

describe('dropping', () => {
  it('every dropped file, in order; the dragover is prevented so the browser does not open the file', async () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    const files = [pngFile('1.png'), textFile('2.txt'), pngFile('3.png')];
    fireEvent.dragEnter(zone(), { dataTransfer: transfer(files) });
    expect(fireEvent.dragOver(zone(), { dataTransfer: transfer(files) })).toBe(false);
    expect(fireEvent.drop(zone(), { dataTransfer: transfer(files) })).toBe(false);
    await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
    expect(names(onFiles.mock.calls[0]![0])).toEqual(['1.png', '2.txt', '3.png']);
  });

  it('a transfer with only a file list (no items) still gives its files', async () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    fireEvent.drop(zone(), { dataTransfer: { files: [pngFile('only.png')], types: ['Files'] } });
    await waitFor(() => expect(names(onFiles.mock.calls[0]![0])).toEqual(['only.png']));
  });

  it('isDragActive while files are over the zone, through moves onto its children, until they leave or drop', () => {
    render(<Zone onFiles={vi.fn()}><span>Drop <b>files</b></span></Zone>);
    const child = screen.getByText('files');
    const data = transfer([pngFile()]);
    fireEvent.dragEnter(zone(), { dataTransfer: data });
    expect(zone()).toHaveAttribute('data-active');
    // Onto a child: the child's dragenter comes before the zone's dragleave.
    fireEvent.dragEnter(child, { dataTransfer: data });
    fireEvent.dragLeave(zone(), { dataTransfer: data });
    expect(zone()).toHaveAttribute('data-active');
    fireEvent.dragLeave(child, { dataTransfer: data });
    expect(zone()).not.toHaveAttribute('data-active');
    fireEvent.dragEnter(zone(), { dataTransfer: data });
    fireEvent.drop(zone(), { dataTransfer: data });
    expect(zone()).not.toHaveAttribute('data-active');
  });

  it('a child removed while the drag is over it does not keep the drag state on', () => {
    const { rerender } = render(<Zone onFiles={vi.fn()}><b>Drop here</b></Zone>);
    const data = transfer([pngFile()]);
    fireEvent.dragEnter(zone(), { dataTransfer: data });
    fireEvent.dragEnter(screen.getByText('Drop here'), { dataTransfer: data });
    // The child is replaced (a label that changes while dragging): its dragleave never comes.
    rerender(<Zone onFiles={vi.fn()}><i>Release to upload</i></Zone>);
    fireEvent.dragLeave(zone(), { dataTransfer: data });
    expect(zone()).not.toHaveAttribute('data-active');
  });

  it('a drag of text is not a drag of files', () => {
    render(<Zone onFiles={vi.fn()} />);
    fireEvent.dragEnter(zone(), { dataTransfer: { files: [], items: [{ kind: 'string', type: 'text/plain' }], types: ['text/plain'] } });
    expect(zone()).not.toHaveAttribute('data-active');
  });

  it('files dropped beside the zone do not replace the page; text dropped elsewhere is left alone', () => {
    render(<Zone onFiles={vi.fn()} />);
    expect(fireEvent.drop(document.body, { dataTransfer: transfer([pngFile()]) })).toBe(false);
    expect(fireEvent.dragOver(document.body, { dataTransfer: transfer([pngFile()]) })).toBe(false);
    expect(fireEvent.drop(document.body, { dataTransfer: { files: [], items: [], types: ['text/plain'] } })).toBe(true);
  });
});

describe('a dropped folder', () => {
  // The FileSystem entry API as Chromium, Firefox and WebKit hand it over: readEntries answers in batches until an
  // empty one, file() calls back. Real folders cannot be dropped by a script, so the entries are made here.
  type Entry = { name: string; isFile: boolean; isDirectory: boolean; file?: unknown; createReader?: unknown };
  const fileEntry = (file: File, fail = false): Entry => ({
    name: file.name,
    isFile: true,
    isDirectory: false,
    file: (ok: (file: File) => void, error: (e: Error) => void) => setTimeout(() => (fail ? error(new Error('NotReadableError')) : ok(file))),
  });
  const folder = (name: string, batches: Entry[][]): Entry => ({
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      const left = [...batches, []];
      return { readEntries: (ok: (entries: Entry[]) => void) => setTimeout(() => ok(left.shift() ?? [])) };
    },
  });
  const dropItems = (items: Array<{ entry: Entry; file: File }>, files: File[]) => ({
    types: ['Files'],
    files,
    items: items.map(({ entry, file }) => ({ kind: 'file', type: file.type, getAsFile: () => file, webkitGetAsEntry: () => entry })),
  });

  it('gives its files (sorted by name, every batch, subfolders too, no .DS_Store), in place among the other files', async () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    const before = pngFile('0-before.png');
    const after = pngFile('9-after.png');
    const placeholder = new File([], 'photos');
    const photos = folder('photos', [
      [fileEntry(pngFile('b.png')), fileEntry(new File(['x'], '.DS_Store')), folder('sub', [[fileEntry(pngFile('c.png'))]])],
      [fileEntry(pngFile('a.png'))],
    ]);
    fireEvent.drop(zone(), {
      dataTransfer: dropItems(
        [{ entry: fileEntry(before), file: before }, { entry: photos, file: placeholder }, { entry: fileEntry(after), file: after }],
        [before, placeholder, after],
      ),
    });
    await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
    expect(names(onFiles.mock.calls[0]![0])).toEqual(['0-before.png', 'a.png', 'b.png', 'c.png', '9-after.png']);
  });

  it('one that cannot be read still reaches the caller as the files the browser listed', async () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    const placeholder = new File([], 'photos');
    const photos = folder('photos', [[fileEntry(pngFile('gone.png'), true)]]);
    fireEvent.drop(zone(), { dataTransfer: dropItems([{ entry: photos, file: placeholder }], [placeholder]) });
    await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
    expect(onFiles.mock.calls[0]![0]).toEqual([placeholder]);
  });

  it('an empty one gives nothing and calls nobody', async () => {
    // Fake timers: the folder answers through timers, which the test runs to the end (and every promise after them).
    vi.useFakeTimers();
    const onFiles = vi.fn();
    const onDrop = vi.fn();
    render(<Zone onFiles={onFiles} rootProps={{ onDrop }} />);
    const placeholder = new File([], 'empty');
    const empty = folder('empty', []);
    const createReader = vi.spyOn(empty as { createReader: () => unknown }, 'createReader');
    fireEvent.drop(zone(), { dataTransfer: dropItems([{ entry: empty, file: placeholder }], [placeholder]) });
    await act(() => vi.runAllTimersAsync());
    expect(createReader).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(onDrop).toHaveBeenCalledTimes(1);
    expect(onFiles).not.toHaveBeenCalled();
  });
});

describe('pasting', () => {
  it('pasted files reach the caller; a paste of text goes on as usual', () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    zone().focus();
    expect(fireEvent.paste(zone(), { clipboardData: { files: [pngFile('shot.png')], types: ['Files'], items: [] } })).toBe(false);
    expect(names(onFiles.mock.calls[0]![0])).toEqual(['shot.png']);
    expect(fireEvent.paste(zone(), { clipboardData: { files: [], types: ['text/plain'], items: [] } })).toBe(true);
    expect(onFiles).toHaveBeenCalledTimes(1);
  });

  it("a paste sent to <body> (Firefox's target while the zone has focus) is taken only while the zone has focus and is enabled", () => {
    const onFiles = vi.fn();
    const { rerender } = render(<><input aria-label="Prompt" /><Zone onFiles={onFiles} /></>);
    const pasteOnBody = () => fireEvent.paste(document.body, { clipboardData: { files: [pngFile('shot.png')], types: ['Files'], items: [] } });
    screen.getByRole('textbox', { name: 'Prompt' }).focus();
    expect(pasteOnBody()).toBe(true);
    zone().focus();
    expect(pasteOnBody()).toBe(false);
    expect(onFiles.mock.calls.map(([files]) => names(files))).toEqual([['shot.png']]);
    rerender(<><input aria-label="Prompt" /><Zone onFiles={onFiles} disabled /></>);
    zone().focus(); // still the focused element here, as it may stay in a browser when it becomes disabled
    expect(pasteOnBody()).toBe(true);
    expect(onFiles).toHaveBeenCalledTimes(1);
  });

  it('a disabled zone that can still take focus (the app gives it a tabIndex) leaves a paste on <body> alone', () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} disabled rootProps={{ tabIndex: 0 }} />);
    zone().focus();
    expect(zone()).toHaveFocus();
    const pasted = fireEvent.paste(document.body, { clipboardData: { files: [pngFile('shot.png')], types: ['Files'], items: [] } });
    expect(pasted).toBe(true); // not prevented: the page's own paste handling goes on
    expect(onFiles).not.toHaveBeenCalled();
  });
});

describe('disabled', () => {
  it('blocks click, keys, drop, paste and the drag state; the zone leaves the tab order; the caller still hears its events', async () => {
    vi.useFakeTimers();
    const onFiles = vi.fn();
    const onClick = vi.fn();
    render(<Zone onFiles={onFiles} disabled rootProps={{ onClick }} />);
    const click = vi.spyOn(input(), 'click').mockImplementation(() => {});
    fireEvent.click(zone());
    fireEvent.keyDown(zone(), { key: 'Enter' });
    fireEvent.keyDown(zone(), { key: ' ' });
    fireEvent.dragEnter(zone(), { dataTransfer: transfer([pngFile()]) });
    expect(zone()).not.toHaveAttribute('data-active');
    fireEvent.drop(zone(), { dataTransfer: transfer([pngFile()]) });
    fireEvent.paste(zone(), { clipboardData: { files: [pngFile()], types: ['Files'], items: [] } });
    // Every timer and promise a drop could still be waiting on, run to the end.
    await act(() => vi.runAllTimersAsync());
    expect(click).not.toHaveBeenCalled();
    expect(onFiles).not.toHaveBeenCalled();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(zone()).not.toHaveAttribute('tabindex');
    expect(zone()).toHaveAttribute('aria-disabled', 'true');
  });

  it('a drag that was active when the zone became disabled no longer shows', () => {
    const { rerender } = render(<Zone onFiles={vi.fn()} />);
    fireEvent.dragEnter(zone(), { dataTransfer: transfer([pngFile()]) });
    expect(zone()).toHaveAttribute('data-active');
    rerender(<Zone onFiles={vi.fn()} disabled />);
    expect(zone()).not.toHaveAttribute('data-active');
  });
});

describe("the caller's handlers", () => {
  it('run first, and ours after them', () => {
    const order: string[] = [];
    render(<Zone onFiles={() => order.push('files')} rootProps={{ onPaste: () => order.push('caller') }} />);
    fireEvent.paste(zone(), { clipboardData: { files: [pngFile()], types: ['Files'], items: [] } });
    expect(order).toEqual(['caller', 'files']);
  });

  it.each(['preventDefault', 'stopPropagation'] as const)('one that calls %s keeps ours from running', async (method) => {
    vi.useFakeTimers();
    const onFiles = vi.fn();
    const stop = (event: Event) => event[method]();
    render(<Zone onFiles={onFiles} rootProps={{ onClick: stop, onKeyDown: stop, onDrop: stop, onPaste: stop }} inputProps={{ onChange: stop }} />);
    const click = vi.spyOn(input(), 'click').mockImplementation(() => {});
    fireEvent.click(zone());
    fireEvent.keyDown(zone(), { key: 'Enter' });
    fireEvent.drop(zone(), { dataTransfer: transfer([pngFile()]) });
    fireEvent.paste(zone(), { clipboardData: { files: [pngFile()], types: ['Files'], items: [] } });
    fireEvent.change(input(), { target: { files: [pngFile()] } });
    // Every timer and promise a drop could still be waiting on, run to the end.
    await act(() => vi.runAllTimersAsync());
    expect(click).not.toHaveBeenCalled();
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('other props are spread last: a caller can replace tabIndex', () => {
    render(<Zone onFiles={vi.fn()} rootProps={{ tabIndex: -1, id: 'z' }} />);
    expect(zone()).toHaveAttribute('tabindex', '-1');
    expect(zone()).toHaveAttribute('id', 'z');
  });
});
