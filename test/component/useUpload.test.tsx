// The headless hook: a custom UI built only from useUpload gets everything <MediaUploader> has.
import { QueryClient, QueryClientProvider, useIsMutating } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ClipboardEvent } from 'react';
import { useUpload, type UseUploadResult } from '../../src/index';
import { pngFile } from './fixtures';
import { gate, shapeMock } from './mocks';
import { server } from './server';

function Custom({ onPaste, onState }: { onPaste?: (event: ClipboardEvent) => void; onState?: (s: UseUploadResult) => void }) {
  const upload = useUpload({ presign: '/api/presign', multiple: true });
  onState?.(upload);
  return (
    <div>
      <div {...upload.getRootProps({ onPaste, 'aria-label': 'Drop here' })} role="button">
        drop
      </div>
      <input {...upload.getInputProps()} data-testid="input" />
      <output data-testid="value">{upload.value.join(',')}</output>
      <ul>
        {upload.files.map((file) => (
          <li key={file.id} data-state={file.status}>
            {file.name} {Math.round(file.progress * 100)}%
          </li>
        ))}
      </ul>
    </div>
  );
}

test('returns exactly the documented keys', () => {
  let state: UseUploadResult | undefined;
  render(<Custom onState={(s) => (state = s)} />);
  expect(Object.keys(state!).sort()).toEqual(
    [
      'files', 'fileIds', 'value', 'existingValues', 'isUploading', 'validationMessage', 'activity', 'isDragActive', 'open',
      'upload', 'cancel', 'retry', 'remove', 'removeValue', 'clear', 'reset', 'uploader', 'getRootProps', 'getInputProps',
    ].sort(),
  );
});

test('paste: the caller handler runs first, then the files are uploaded', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  const order: string[] = [];
  render(<Custom onPaste={() => order.push('caller')} />);
  const root = screen.getByRole('button', { name: 'Drop here' });
  root.focus();
  await act(async () => {
    fireEvent.paste(root, { clipboardData: { files: [pngFile()], types: ['Files'], items: [] } });
    order.push('after');
  });
  await waitFor(() => expect(screen.getByTestId('value')).toHaveTextContent(mock.expectedValue));
  expect(order).toEqual(['caller', 'after']);
});

test('uploads run as mutations in the app QueryClient', async () => {
  const held = gate();
  const mock = shapeMock('native', { gate: held.promise });
  server.use(...mock.handlers);
  const client = new QueryClient();
  let mutating = 0;
  function Probe() {
    mutating = useIsMutating();
    return null;
  }
  render(
    <QueryClientProvider client={client}>
      <Custom />
      <Probe />
    </QueryClientProvider>,
  );
  await userEvent.upload(screen.getByTestId('input'), pngFile());
  await waitFor(() => expect(mutating).toBe(1));
  held.release();
  await waitFor(() => expect(screen.getByTestId('value')).toHaveTextContent(mock.expectedValue));
  await waitFor(() => expect(mutating).toBe(0));
});

test('upload() and clear() work without the drop zone', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  let state: UseUploadResult | undefined;
  render(<Custom onState={(s) => (state = s)} />);
  await act(() => state!.upload([pngFile('one.png')]));
  await waitFor(() => expect(state!.value).toHaveLength(1));
  expect(state!.isUploading).toBe(false);
  act(() => state!.clear());
  await waitFor(() => expect(state!.files).toHaveLength(0));
});

test('paste: a caller handler that stops propagation keeps the files out (it runs first)', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  let stop = true;
  render(<Custom onPaste={(event) => stop && event.stopPropagation()} />);
  const root = screen.getByRole('button', { name: 'Drop here' });
  await act(async () => {
    fireEvent.paste(root, { clipboardData: { files: [pngFile('kept-out.png')], types: ['Files'], items: [] } });
  });
  // A later paste the handler lets through takes the same path: once its file is uploaded, the first one would
  // have been listed and presigned before it.
  stop = false;
  await act(async () => {
    fireEvent.paste(root, { clipboardData: { files: [pngFile('let-in.png')], types: ['Files'], items: [] } });
  });
  await waitFor(() => expect(screen.getByTestId('value')).toHaveTextContent('https://cdn.example.com/1-let-in.png'));
  expect(screen.queryByText(/kept-out\.png/)).toBeNull();
  expect(mock.calls.filter((call) => call.startsWith('POST'))).toHaveLength(1);
  expect(mock.uploads.map((upload) => upload.url)).toEqual(['https://storage.example.com/bucket/1-let-in.png']);
});
