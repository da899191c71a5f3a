import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { MediaUploader } from '../../src/index';
import { pngFile } from './fixtures';
import { shapeMock, type Shape } from './mocks';
import { renderInForm } from './render';
import { server } from './server';

import { done, rowOf } from './rows';

describe('picking and dropping', () => {
  test('a picked file ends up as the form value', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    expect(values()).toEqual([]);

    await userEvent.upload(input, pngFile());

    await done();
    expect(values()).toEqual([mock.expectedValue]);
    expect(mock.uploads[0]!.headers['content-type']).toBe('image/png');
    expect(mock.uploads[0]!.size).toBe(2048);
  });

  test('a dropped file is uploaded and the drop zone shows the drag', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { dropzone, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    const file = pngFile();
    const dataTransfer = { files: [file], items: [{ kind: 'file', type: file.type, getAsFile: () => file }], types: ['Files'] };

    fireEvent.dragEnter(dropzone, { dataTransfer });
    await waitFor(() => expect(dropzone).toHaveAttribute('data-drag-active'));
    fireEvent.drop(dropzone, { dataTransfer });

    await done();
    expect(dropzone).not.toHaveAttribute('data-drag-active');
    expect(values()).toEqual([mock.expectedValue]);
  });

  test('a file pasted while the drop zone has focus is uploaded', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { dropzone, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    dropzone.focus();
    // react-dropzone reads pasted files asynchronously: let that settle inside act().
    await act(async () => {
      fireEvent.paste(dropzone, { clipboardData: { files: [pngFile()], types: ['Files'], items: [] } });
    });
    await done();
    expect(values()).toEqual([mock.expectedValue]);
  });

  test('Enter and Space on the focused drop zone open the file picker', async () => {
    const { dropzone, input } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    const click = vi.spyOn(input, 'click').mockImplementation(() => {});
    expect(dropzone).toHaveAttribute('role', 'button');
    expect(dropzone).toHaveAttribute('tabindex', '0');
    await userEvent.tab();
    expect(dropzone).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    expect(click).toHaveBeenCalledTimes(2);
  });

  test('disabled blocks drop, paste, click, Enter and Space', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    // multiple: a file let through by mistake stays listed beside the later one instead of being replaced.
    const uploader = (disabled: boolean) => <MediaUploader name="image" presign="/api/presign" multiple disabled={disabled} />;
    const { dropzone, input, values, rerender } = renderInForm(uploader(true));
    const click = vi.spyOn(input, 'click').mockImplementation(() => {});
    const dataTransfer = (file: File) => ({ files: [file], items: [{ kind: 'file', type: file.type, getAsFile: () => file }], types: ['Files'] });
    fireEvent.drop(dropzone, { dataTransfer: dataTransfer(pngFile()) });
    await act(async () => {
      fireEvent.paste(dropzone, { clipboardData: { files: [pngFile()], types: ['Files'], items: [] } });
    });
    fireEvent.click(dropzone);
    fireEvent.keyDown(dropzone, { key: 'Enter' });
    fireEvent.keyDown(dropzone, { key: ' ' });
    expect(click).not.toHaveBeenCalled();

    // Enabled again, a drop takes the same path: once its file is uploaded, a blocked one would have been listed
    // and presigned before it.
    rerender(<form aria-label="Prediction">{uploader(false)}</form>);
    fireEvent.drop(dropzone, { dataTransfer: dataTransfer(pngFile('after.png')) });
    await done('after.png');
    expect(screen.getAllByRole('listitem')).toEqual([rowOf('after.png')]);
    expect(values()).toEqual(['https://cdn.example.com/1-after.png']);
    expect(mock.calls.filter((call) => call.startsWith('POST'))).toHaveLength(1);
    expect(click).not.toHaveBeenCalled();
  });

  test('the file input gets accept and multiple for the picker', () => {
    const { input } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" accept={{ 'image/*': ['.heic'] }} multiple />,
    );
    expect(input).toHaveAttribute('accept', 'image/*,.heic');
    expect(input.multiple).toBe(true);
  });

  test.each<Shape>(['native', 'eachlabs', 'modelroute', 'apimodels', 'pruna'])(
    'the %s presign shape ends with its value in the form',
    async (shape) => {
      const mock = shapeMock(shape);
      server.use(...mock.handlers);
      const onChange = vi.fn();
      const { input, values } = renderInForm(
        <MediaUploader name="image" presign="/api/presign" provider={shape} onChange={onChange} />,
      );
      await userEvent.upload(input, pngFile());
      await done();
      expect(values()).toEqual([mock.expectedValue]);
      expect(onChange).toHaveBeenLastCalledWith(mock.expectedValue);
      if (shape === 'eachlabs') expect(mock.uploads[0]!.headers['x-amz-meta-file-id']).toBe('1-holiday.png');
      if (shape === 'pruna') expect(mock.uploads[0]!.headers['content-type']).toMatch(/^multipart\/form-data/);
    },
  );

  test('multiple: one input per done file, in the order picked, and onChange gets an array', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const onChange = vi.fn();
    const { input, values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" multiple onChange={onChange} />,
    );
    await userEvent.upload(input, [pngFile('a.png'), pngFile('b.png'), pngFile('c.png')]);
    await waitFor(() => expect(values()).toHaveLength(3));
    expect(values()).toEqual(['a.png', 'b.png', 'c.png'].map((name) => expect.stringMatching(new RegExp(`-${name}$`))));
    expect(onChange).toHaveBeenLastCalledWith(values());
    for (const call of onChange.mock.calls) expect(Array.isArray(call[0])).toBe(true);
  });

  test('rows show name, size, a progressbar and buttons named after the file that never submit', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { input } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    await userEvent.upload(input, pngFile());
    await done();
    const row = within(rowOf('holiday.png'));
    expect(row.getByText('2 KB')).toBeInTheDocument();
    const bar = row.getByRole('progressbar', { name: 'holiday.png' });
    expect(bar).toHaveAttribute('aria-valuenow', '100');
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '100');
    expect(bar).toHaveAttribute('aria-valuetext', '100% uploaded');
    const remove = row.getByRole('button', { name: 'Remove holiday.png' });
    expect(remove).toHaveAttribute('type', 'button');
    // The thumbnail is decorative (the name is right beside it): alt="".
    expect(rowOf('holiday.png').querySelector('img')).toHaveAttribute('alt', '');
  });

  test('works under StrictMode (double mount)', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { input, values } = renderInForm(
      <StrictMode>
        <MediaUploader name="image" presign="/api/presign" />
      </StrictMode>,
    );
    await userEvent.upload(input, pngFile());
    await done();
    expect(values()).toEqual([mock.expectedValue]);
    expect(mock.calls.filter((call) => call.startsWith('PUT'))).toHaveLength(1);
  });

  test('labels override every visible string', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { input } = renderInForm(
      <MediaUploader
        name="image"
        presign="/api/presign"
        labels={{ dropzone: 'Déposez vos fichiers', remove: 'Retirer', removeFile: (name) => `Retirer ${name}`, status: { queued: 'En attente', presigning: 'Préparation', uploading: 'Envoi', done: 'Envoyé', error: 'Échec', canceled: 'Annulé' } }}
      />,
    );
    expect(screen.getByText('Déposez vos fichiers')).toBeInTheDocument();
    await userEvent.upload(input, pngFile());
    await waitFor(() => expect(screen.getByText('Envoyé')).toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Retirer holiday.png' })).toHaveTextContent('Retirer');
    await act(async () => {});
  });
});
