// useUploadFile on a bare createUploader store: an app with its own list of rows and no useUpload. A progress tick
// re-renders the row whose file moved, and reads that file alone: nobody reads the whole snapshot, so none is built.
import { act, render, screen, waitFor } from '@testing-library/react';
import { vi } from 'vitest';
import { buildSnapshot } from '../../src/core/snapshot';
import { createUploader, useUploadFile, type Uploader } from '../../src/index';
import { FakeXhr, nativeTarget, png } from '../unit/helpers';

// The snapshot builder, watched: the store calls it through this module.
vi.mock('../../src/core/snapshot', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core/snapshot')>();
  return { ...actual, buildSnapshot: vi.fn(actual.buildSnapshot) };
});

const renders = new Map<string, number>();

function Row({ uploader, id }: { uploader: Uploader; id: string }) {
  const file = useUploadFile(uploader, id);
  renders.set(id, (renders.get(id) ?? 0) + 1);
  return (
    <li>
      {file?.name} {file?.loaded}
    </li>
  );
}

test("a progress tick of one file re-renders its row only, without building the store's snapshot", async () => {
  FakeXhr.all = [];
  const uploader = createUploader({
    presign: async () => nativeTarget(),
    multiple: true,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    // A notification a task after the change, frames or not.
    scheduleFrame: (notify) => {
      const timer = setTimeout(notify);
      return () => clearTimeout(timer);
    },
  });
  const a = png('a.png', 1000);
  const b = png('b.png', 1000);
  await uploader.upload([a, b]);
  // The app's own list: the ids it was handed, kept in its own state.
  const ids = [uploader.getSnapshot().files[0]!.id, uploader.getSnapshot().files[1]!.id];
  render(
    <ul>
      {ids.map((id) => (
        <Row key={id} uploader={uploader} id={id} />
      ))}
    </ul>,
  );
  await waitFor(() => expect(FakeXhr.all).toHaveLength(2));
  await screen.findByText('a.png 0');
  await screen.findByText('b.png 0');
  await act(() => new Promise((resolve) => setTimeout(resolve, 20))); // every change so far heard
  const built = vi.mocked(buildSnapshot).mock.calls.length;
  const rendered = { a: renders.get(ids[0]!)!, b: renders.get(ids[1]!)! };

  const sending = (file: File) => FakeXhr.all.find((xhr) => xhr.body === file)!;
  act(() => sending(a).progress(500, 1000));
  await screen.findByText('a.png 500');
  await act(() => new Promise((resolve) => setTimeout(resolve, 20)));

  expect(renders.get(ids[0]!)).toBe(rendered.a + 1);
  expect(renders.get(ids[1]!)).toBe(rendered.b);
  expect(vi.mocked(buildSnapshot).mock.calls.length).toBe(built);
  uploader.destroy();
});
