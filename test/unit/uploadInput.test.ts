import { expect, it, vi } from 'vitest';
import { uploadInput } from '../../src/core/uploadInput';
import { FakeXhr, MAGIC, png, until, uploadInputSeams } from './helpers';

const { createXhr, presign } = uploadInputSeams();

it.each([
  ['application/octet-stream', MAGIC.png!, 'upload.png', 'image/png'],
  ['', MAGIC.png!, 'upload.png', 'image/png'],
  ['application/octet-stream', MAGIC.mp4!, 'upload.mp4', 'video/mp4'],
  ['image/png', MAGIC.png!, 'upload.png', 'image/png', 'a File named ""'],
  // The bytes win, as they do for the Content-Type presigned: a JPEG typed image/png was named upload.png.
  ['image/png', MAGIC.jpeg!, 'upload.jpg', 'image/jpeg'],
  ['image/png', MAGIC.jpeg!, 'upload.jpg', 'image/jpeg', 'a File named ""'],
  // A MediaRecorder's audio: WebM bytes do not tell audio from video, the declared type does.
  ['audio/webm;codecs=opus', MAGIC.webm!, 'upload.weba', 'audio/webm'],
])('a Blob typed %j is presigned as upload.<the extension of its bytes>', async (type, head, filename, contentType, nameless?: string) => {
  const ask = presign();
  const bytes = [new Uint8Array([...head, ...new Array(500).fill(0)])];
  const blob = nameless ? new File(bytes, '', { type }) : new Blob(bytes, { type });
  const pending = uploadInput({ image: blob }, { presign: ask, retry: false, createXhr } as never);
  await until(() => FakeXhr.open.length === 1, 'one upload');
  FakeXhr.open[0]!.respond(200);
  expect(await pending).toEqual({ image: `https://cdn.example.com/${filename}` });
  expect(ask.mock.calls[0]![0]).toMatchObject({ filename, contentType });
});

it("settles even when the app's onProgress throws (the error is reported: console.error where there is no reportError)", async () => {
  const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
  const onProgress = vi.fn(() => {
    throw new Error('a bug in the app');
  });
  const pending = uploadInput({ image: png('a.png') }, { presign: presign(), retry: false, onProgress, createXhr } as never);
  await until(() => FakeXhr.open.length === 1, 'one upload');
  FakeXhr.open[0]!.respond(200);
  expect(await pending).toEqual({ image: 'https://cdn.example.com/a.png' });
  expect(onProgress).toHaveBeenCalled();
  expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'a bug in the app' }));
});

it.each([
  ['no presign (an environment variable left unset)', { createXhr }],
  ['no options at all', undefined],
])('with %s it rejects with a TypeError that says what is missing, and asks nothing', async (_, options) => {
  const fetch = vi.spyOn(globalThis, 'fetch');
  await expect(uploadInput({ image: png('a.png') }, options as never)).rejects.toThrow(
    new TypeError('uploadInput: options.presign is required (the URL of your presign endpoint, or a function that returns a presign response).'),
  );
  expect(fetch).not.toHaveBeenCalled();
  expect(FakeXhr.all).toEqual([]);
});

/** Answers `count` uploads with 200 once they are all sent (or at once, if `pending` settles first). */
async function answered<T>(pending: Promise<T>, count: number): Promise<T> {
  let settled = false;
  pending.then(() => (settled = true), () => (settled = true));
  await until(() => settled || FakeXhr.open.length === count, `${count} uploads`);
  for (const xhr of FakeXhr.open) xhr.respond(200);
  return pending;
}

it('a key named __proto__ (an input read with JSON.parse) stays a key of the copy; the copy keeps its prototype', async () => {
  const input = JSON.parse('{"prompt": "a door", "__proto__": {"seed": 42}}') as Record<string, unknown>;
  input.image = png('door.png');
  const result = await answered(uploadInput(input, { presign: presign(), retry: false, createXhr } as never), 1);
  // Assigned as copy['__proto__'] = …, it set the copy's prototype: the key left the JSON sent to the model.
  expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse('{"prompt": "a door", "__proto__": {"seed": 42}, "image": "https://cdn.example.com/door.png"}'));
  expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
});

it('each property is read once: a getter that makes its Blob when read is uploaded and replaced, not left undefined', async () => {
  const bytes = new Uint8Array([...MAGIC.png!, ...new Array(500).fill(0)]);
  const input = { prompt: 'a door', get mask() { return new Blob([bytes], { type: 'image/png' }); } };
  const result = await answered(uploadInput(input, { presign: presign(), retry: false, createXhr } as never), 1);
  expect(result).toEqual({ prompt: 'a door', mask: 'https://cdn.example.com/upload.png' });
});

it("a class instance's File is uploaded: the instance goes as JSON sends it, its own fields with each file replaced", async () => {
  class FillInput {
    constructor(
      readonly prompt: string,
      readonly image: File,
    ) {}
    get kind() {
      return 'fill';
    }
  }
  const when = new Date('2026-12-04T10:00:00Z');
  const input = { input: new FillInput('a door', png('door.png')), when };
  const result = await answered(uploadInput(input, { presign: presign(), retry: false, createXhr } as never), 1);
  // It was returned as it was, its File inside: the model got {"image":{}}, while Replaced<T> said string.
  expect(JSON.parse(JSON.stringify(result))).toEqual({ input: { prompt: 'a door', image: 'https://cdn.example.com/door.png' }, when: when.toJSON() });
  expect(result.input.image).toBe('https://cdn.example.com/door.png');
  expect(input.input.image).toBeInstanceOf(File);
  // What holds no file, or is read by its toJSON (a Date), is kept as it is.
  expect(result.when).toBe(when);
});

it.each([
  ['a Map', () => new Map([['image', png('a.png')]])],
  ['a Set', () => new Set([png('a.png')])],
])('a File in %s (which JSON sends as {}) rejects with a TypeError that says so, and asks nothing', async (_, holder) => {
  const ask = presign();
  await expect(uploadInput({ prompt: 'a door', images: holder() }, { presign: ask, retry: false, createXhr } as never)).rejects.toThrow(
    new TypeError('uploadInput: a File or Blob inside a Map or Set cannot be replaced by its value (JSON sends a Map or Set as {}); use an object or an array.'),
  );
  expect(ask).not.toHaveBeenCalled();
  expect(FakeXhr.all).toEqual([]);
});
