// maxFiles across two quick drops: the second drop's files are counted once the first drop's are decided, so a file of
// the first drop that is refused later never takes a place (createUploader `checks`, checkInTurn.ts).
import { afterEach, expect, it } from 'vitest';
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
