// maxFiles across two quick drops: the second drop's files are counted once the first drop's are decided, so a file of
// the first drop that is refused later never takes a place (createUploader `checks`, checkInTurn.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setReader, startReader } from '../../src/core/readBytes';
import { MAGIC, mediaFile, png, setup, until, useUploaderTestClock } from './helpers';

useUploaderTestClock();
let open = () => {};
afterEach(() => open());

/** `file`, whose bytes are read only once `open()` is called; `read()` says whether its bytes were handed over. */
function gated(file: File) {
  let handed = false;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slice = file.slice.bind(file);
  Object.defineProperty(file, 'slice', {
    value: (...args: Parameters<File['slice']>) => ({ arrayBuffer: () => gate.then(() => slice(...args).arrayBuffer()).finally(() => (handed = true)) }),
  });
  return { file, read: () => handed };
}

/** `file`, telling when its bytes were read. */
function watched(file: File) {
  let handed = false;
  const slice = file.slice.bind(file);
  Object.defineProperty(file, 'slice', {
    value: (...args: Parameters<File['slice']>) => ({ arrayBuffer: () => slice(...args).arrayBuffer().finally(() => (handed = true)) }),
  });
  return { file, read: () => handed };
}

it('a second drop is counted after the first: a first-drop file refused late leaves its place to it', async () => {
  const s = setup({ multiple: true, maxFiles: 2, maxSize: 2000 });
  const big = gated(png('big.png', 4096)); // too large, but its bytes come late (a slow network drive)
  const video = watched(mediaFile('clip.mp4', 'video/mp4', MAGIC.mp4)); // no preparation: decided right after its read
  const first = s.uploader.upload([png('a.png'), big.file]);
  const second = s.uploader.upload([video.file]);
  await until(video.read, "the second drop's bytes read");
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(big.read()).toBe(false);
  open();
  await Promise.all([first, second]);
  await until(() => s.file(2).status !== 'queued', 'clip.mp4 to start');
  expect(s.uploader.getSnapshot().files.map((f) => f.error?.code ?? 'ok')).toEqual(['ok', 'file-too-large', 'ok']);
  expect(s.onError).toHaveBeenCalledTimes(1);
  s.uploader.destroy();
});

describe('a file whose read never ends (a network drive gone away) holds no later check back once it is', () => {
  const hung = new Set<Blob>();
  const asked: string[] = [];
  beforeEach(async () => {
    // The page's worker is started once, at the first read, and hands reads back to this thread: let it first.
    startReader();
    await import('../../src/core/workerReader');
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    setReader((blob, start, end) => {
      asked.push((blob as File).name);
      return hung.has(blob) ? new Promise(() => {}) : blob.slice(start, end).arrayBuffer();
    });
  });
  afterEach(() => {
    setReader();
    hung.clear();
    asked.length = 0;
  });
  const dead = (name: string) => {
    const file = png(name);
    hung.add(file);
    return file;
  };
  const presigned = (s: ReturnType<typeof setup>) => s.presign.mock.calls.map(([req]) => req.filename);

  it('removed: a later drop is checked and counted at once', async () => {
    const s = setup({ multiple: true, maxFiles: 2 });
    const first = s.uploader.upload([png('a.png'), dead('dead.png')]);
    const second = s.uploader.upload([mediaFile('clip.mp4', 'video/mp4', MAGIC.mp4)]);
    await until(() => asked.includes('dead.png') && presigned(s).includes('a.png'), 'a.png on its way, dead.png read');
    s.uploader.remove(s.file(1).id);
    await until(() => presigned(s).includes('clip.mp4'), 'clip.mp4 checked and started');
    await Promise.all([first, second]);
    expect(s.uploader.getSnapshot().files.map((f) => [f.name, f.error?.code ?? 'ok'])).toEqual([['a.png', 'ok'], ['clip.mp4', 'ok']]);
    expect(s.onError).not.toHaveBeenCalled();
    s.uploader.destroy();
  }, 15_000);

  it('canceled: the next file of the same drop is checked at once; the canceled one stays canceled', async () => {
    const s = setup({ multiple: true, maxFiles: 2 });
    const picked = s.uploader.upload([dead('dead.png'), png('b.png')]);
    await until(() => asked.includes('b.png'), "b.png's bytes read");
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(presigned(s)).toEqual([]); // its count waits for dead.png
    s.uploader.cancel(s.file(0).id);
    await until(() => presigned(s).includes('b.png'), 'b.png checked and started');
    await picked;
    expect(s.file(0).status).toBe('canceled');
    expect(s.file(1).error).toBeNull();
    s.uploader.destroy();
  }, 15_000);
});
