// `npm run bench`: the core's hot paths. A progress tick must stay cheap with many rows listed, since it
// runs up to once per animation frame per uploader.
import { test } from 'vitest';
import { parsePresignResponse } from '../../src/core/adapters';
import { sniffMime } from '../../src/core/sniff';
import { FakeXhr, png, setup, until } from '../unit/helpers';

const ROWS = 200;

async function uploadingRows() {
  let pending: (() => void) | null = null;
  const frames = { scheduleFrame: (cb: () => void) => ((pending = cb), () => (pending = null)) };
  const { uploader } = setup({ multiple: true, concurrency: ROWS, ...frames });
  FakeXhr.all = [];
  await uploader.upload(Array.from({ length: ROWS }, (_, i) => png(`photo-${i}.png`, 10_000_000)));
  await until(() => FakeXhr.open.length === ROWS, `${ROWS} open uploads`);
  const flush = () => {
    const run = pending;
    pending = null;
    run?.();
  };
  return { uploader, xhrs: [...FakeXhr.open], flush };
}

test(`progress tick with ${ROWS} files uploading`, async ({ bench }) => {
  const { uploader, xhrs, flush } = await uploadingRows();
  let loaded = 0;
  await bench.compare(
    bench('one row moves: progress event, frame flush, new snapshot', () => {
      loaded = (loaded + 1000) % 9_000_000;
      xhrs[7]!.progress(loaded, 10_000_000);
      flush();
      uploader.getSnapshot();
    }),
    bench('every row moves in one frame', () => {
      loaded = (loaded + 1000) % 9_000_000;
      for (const xhr of xhrs) xhr.progress(loaded, 10_000_000);
      flush();
      uploader.getSnapshot();
    }),
  );
  uploader.destroy();
});

test('checks before any request', async ({ bench }) => {
  const files = Array.from({ length: 100 }, (_, i) => png(`p${i}.png`, 5_000_000));
  await bench('sniff 100 files (64-byte reads of 5 MB files)', async () => {
    await Promise.all(files.map((file) => sniffMime(file)));
  }).run();
});

test('presign responses', async ({ bench }) => {
  const shapes = [
    { uploadUrl: 'https://s.example/a?sig=1', publicUrl: 'https://cdn.example/a.png', expiresAt: '2030-01-01T00:00:00Z' },
    { presigned_url: 'https://s.example/a?sig=1', public_url: 'https://cdn.example/a.png', required_headers: { 'x-amz-meta-file-id': 'a' }, expires_at: '2030-01-01T00:00:00Z' },
    { file_id: 'file_1', upload_url: 'https://s.example/a?sig=1', expires_at: '2030-01-01T00:00:00Z' },
    { code: 200, msg: 'success', data: { uploadUrl: 'https://s.example/a?sig=1', publicUrl: 'https://cdn.example/a.png', expiresAt: '2030-01-01T00:00:00Z' } },
  ];
  await bench('parse each provider shape with auto (zod/mini)', () => {
    for (const shape of shapes) parsePresignResponse(shape, 'auto', 'image/png');
  }).run();
});
