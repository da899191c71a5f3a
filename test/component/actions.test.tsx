import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { MediaUploader } from '../../src/index';
import { pngFile, textFile } from './fixtures';
import { gate, shapeMock, STORAGE } from './mocks';
import { renderInForm } from './render';
import { done, rowOf, stateOf } from './rows';
import { server } from './server';

afterEach(() => vi.restoreAllMocks());

/**
 * Uploads `control.png` with a second uploader on the same mock and waits until it is done. Started after the moment
 * under test, it runs every step a held upload would run after it (presign answer, preflight, PUT): once it is done,
 * anything the held upload was still going to do has happened.
 */
async function uploadAControlFile() {
  const { container } = render(<MediaUploader name="control" presign="/api/presign" />);
  await userEvent.upload(container.querySelector<HTMLInputElement>('input[type=file]')!, pngFile('control.png'));
  await done('control.png');
}

const putsOf = (calls: string[], name: string) => calls.filter((call) => call.startsWith('PUT') && call.endsWith(`-${name}`));

describe('rejections', () => {
  test('a file over maxSize gets an error row with words, and no request is made', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const onError = vi.fn();
    const { input, values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" maxSize={1024} onError={onError} />,
    );
    await userEvent.upload(input, pngFile('big.png', 4096));
    await stateOf('big.png', 'error');
    expect(within(rowOf('big.png')).getByText('big.png is 4 KB; the limit is 1 KB.')).toBeVisible();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'file-too-large' }), expect.anything());
    // Rejected before any request: trying again cannot help, so only Remove is offered.
    expect(within(rowOf('big.png')).queryByRole('button', { name: /retry/i })).toBeNull();
    expect(within(rowOf('big.png')).getByRole('button', { name: 'Remove big.png' })).toBeEnabled();
    expect(mock.calls).toEqual([]);
    expect(values()).toEqual([]);
  });

  test('a file of the wrong type gets an error row even though the picker would filter it', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    // applyAccept: false plays a user who switched the picker to "All files".
    await userEvent.upload(input, textFile(), { applyAccept: false });
    await stateOf('notes.txt', 'error');
    expect(within(rowOf('notes.txt')).getByText(/only image, video or audio files are accepted/)).toBeVisible();
    expect(mock.calls).toEqual([]);
  });

  test('a dropped file of the wrong type is not swallowed by the drop zone', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" accept="image/*" />);
    const file = textFile();
    fireEvent.drop(dropzone, {
      dataTransfer: { files: [file], items: [{ kind: 'file', type: file.type, getAsFile: () => file }], types: ['Files'] },
    });
    await stateOf('notes.txt', 'error');
    expect(within(rowOf('notes.txt')).getByText(/only image files are accepted/)).toBeVisible();
    expect(mock.calls).toEqual([]);
  });
});

describe('cancel, retry, remove', () => {
  test('cancel leaves the row canceled with Retry and Remove, and the field empty', async () => {
    const held = gate();
    const mock = shapeMock('native', { gate: held.promise });
    server.use(...mock.handlers);
    const onChange = vi.fn();
    const { input, values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" onChange={onChange} />,
    );
    await userEvent.upload(input, pngFile());
    const cancel = await screen.findByRole('button', { name: 'Cancel holiday.png' });
    expect(cancel).toHaveAttribute('type', 'button');
    // Canceled while the presign request is held open: its late answer must not start a PUT.
    await waitFor(() => expect(mock.calls.filter((call) => call.startsWith('POST'))).toHaveLength(1));
    await userEvent.click(cancel);

    await stateOf('holiday.png', 'canceled');
    // The Cancel button is gone: focus lands on its replacement, not on <body>.
    expect(within(rowOf('holiday.png')).getByRole('button', { name: 'Retry holiday.png' })).toHaveFocus();
    held.release();
    const row = within(rowOf('holiday.png'));
    expect(row.getByRole('button', { name: 'Retry holiday.png' })).toBeInTheDocument();
    expect(row.getByRole('button', { name: 'Remove holiday.png' })).toBeInTheDocument();
    await uploadAControlFile();
    expect(putsOf(mock.calls, 'control.png')).toHaveLength(1);
    expect(rowOf('holiday.png')).toHaveAttribute('data-state', 'canceled');
    expect(putsOf(mock.calls, 'holiday.png')).toEqual([]);
    expect(values()).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
  });

  test.each([
    ['done', 200],
    ['error', 403],
  ])('keyboard focus on Cancel moves to the row itself when the upload ends %s: a late Enter removes nothing', async (state, putStatus) => {
    const held = gate();
    const mock = shapeMock('native', { gate: held.promise, putStatus });
    server.use(...mock.handlers);
    const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" retry={false} />);
    await userEvent.upload(input, pngFile());
    const cancel = await screen.findByRole('button', { name: 'Cancel holiday.png' });
    act(() => cancel.focus());
    held.release();
    await stateOf('holiday.png', state);
    expect(rowOf('holiday.png')).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(rowOf('holiday.png')).toHaveAttribute('data-state', state);
    await userEvent.tab();
    expect(within(rowOf('holiday.png')).getAllByRole('button')[0]).toHaveFocus();
  });

  test('Retry gives its focus to the Cancel that replaces it', async () => {
    const held = gate();
    const mock = shapeMock('native', { gate: held.promise });
    let failures = 1;
    server.use(
      http.post('*/api/presign', () => (failures-- > 0 ? HttpResponse.json({ error: 'down' }, { status: 500 }) : undefined)),
      ...mock.handlers,
    );
    const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" retry={false} />);
    await userEvent.upload(input, pngFile());
    await stateOf('holiday.png', 'error');
    await userEvent.click(screen.getByRole('button', { name: 'Retry holiday.png' }));
    await stateOf('holiday.png', 'presigning');
    expect(within(rowOf('holiday.png')).getByRole('button', { name: 'Cancel holiday.png' })).toHaveFocus();
    held.release();
    await done();
  });

  test('a failed presign shows the error in the row; Retry uploads it', async () => {
    const mock = shapeMock('native');
    let failures = 1;
    server.use(
      http.post('*/api/presign', () =>
        failures-- > 0 ? HttpResponse.json({ error: { code: 'bad', message: 'Storage is down' } }, { status: 500 }) : undefined,
      ),
      ...mock.handlers,
    );
    const { input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" retry={false} />);
    await userEvent.upload(input, pngFile());
    await stateOf('holiday.png', 'error');
    expect(rowOf('holiday.png').querySelector('.mu-file-error')?.textContent).toMatch(/\w+/);

    await userEvent.click(screen.getByRole('button', { name: 'Retry holiday.png' }));
    await done();
    expect(values()).toEqual([mock.expectedValue]);
  });

  test('remove empties the field, tells onChange and revokes the preview URL', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const onChange = vi.fn();
    const { input, values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" onChange={onChange} />,
    );
    await userEvent.upload(input, pngFile());
    await done();
    const preview = rowOf('holiday.png').querySelector('img')!.getAttribute('src');
    await userEvent.click(screen.getByRole('button', { name: 'Remove holiday.png' }));
    expect(screen.queryByText('holiday.png')).toBeNull();
    expect(document.querySelector('[data-mu-dropzone]')).toHaveFocus();
    expect(values()).toEqual([]);
    expect(onChange).toHaveBeenLastCalledWith('');
    expect(revoke).toHaveBeenCalledWith(preview);
  });

  test('without multiple, a new file replaces the old one, and its value replaces the old value once done', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    await userEvent.upload(input, pngFile('first.png'));
    await done('first.png');
    const first = values();
    await userEvent.upload(input, pngFile('second.png'));
    await done('second.png');
    expect(screen.queryByText('first.png')).toBeNull();
    expect(values()).toHaveLength(1);
    expect(values()).not.toEqual(first);
  });

  test('without multiple, a failed or canceled replacement leaves the old value in place, shown and removable', async () => {
    const mock = shapeMock('native');
    const held = gate();
    server.use(
      http.put(`${STORAGE}/*`, ({ request }) =>
        request.url.includes('second') ? new HttpResponse(null, { status: 500, headers: { 'access-control-allow-origin': '*' } }) : undefined,
      ),
      http.post('*/api/presign', async ({ request }) => {
        const { filename } = (await request.clone().json()) as { filename: string };
        if (filename === 'third.png') await held.promise;
        return undefined;
      }),
      ...mock.handlers,
    );
    const onChange = vi.fn();
    const { input, values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" retry={false} onChange={onChange} />,
    );
    await userEvent.upload(input, pngFile('first.png'));
    await done('first.png');
    const first = values();
    expect(onChange).toHaveBeenCalledTimes(1);

    await userEvent.upload(input, pngFile('second.png'));
    await stateOf('second.png', 'error');
    // The form still sends the first upload, so the list shows it: no value the user cannot see. Named as the user
    // picked it, not by its storage key ('1-first.png', a random id with a real store).
    expect(values()).toEqual(first);
    expect(rowOf('first.png')).toHaveAttribute('data-existing');
    const old = screen.getByRole('button', { name: 'Remove first.png' });
    // Removing the failed replacement is about that file only.
    await userEvent.click(screen.getByRole('button', { name: 'Remove second.png' }));
    expect(values()).toEqual(first);
    expect(old).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(1);

    await userEvent.click(old);
    expect(values()).toEqual([]);
    expect(onChange).toHaveBeenLastCalledWith('');
    expect(screen.queryByRole('listitem')).toBeNull();

    // A later replacement that is canceled brings nothing back.
    await userEvent.upload(input, pngFile('third.png'));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel third.png' }));
    await stateOf('third.png', 'canceled');
    held.release();
    expect(values()).toEqual([]);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  test('unmount mid-upload aborts the upload, revokes previews and sets no state', async () => {
    const held = gate();
    const mock = shapeMock('native', { gate: held.promise });
    server.use(...mock.handlers);
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const consoleError = vi.spyOn(console, 'error');
    const { input, unmount } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    await userEvent.upload(input, pngFile());
    await stateOf('holiday.png', 'presigning');
    const preview = rowOf('holiday.png').querySelector('img')!.getAttribute('src');
    unmount();
    held.release();
    await uploadAControlFile();
    expect(putsOf(mock.calls, 'control.png')).toHaveLength(1);
    expect(revoke).toHaveBeenCalledWith(preview);
    expect(putsOf(mock.calls, 'holiday.png')).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
