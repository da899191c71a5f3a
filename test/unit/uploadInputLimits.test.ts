// maxFiles and `multiple: false` in uploadInput's options: an input that holds more files than they allow is refused as
// too-many-files before any request; within them it uploads (the same Blob at two places counts once).
import { expect, it } from 'vitest';
import { uploadInput } from '../../src/core/uploadInput';
import { FakeXhr, namelessPng as nameless, png, until, uploadInputSeams } from './helpers';

const { createXhr, presign } = uploadInputSeams();

it.each([
  ['maxFiles: 2', { maxFiles: 2 }, 'images[1] was not uploaded: the input holds 3 files and at most 2 can be uploaded.'],
  ['multiple: false', { multiple: false }, 'b.png was not uploaded: the input holds 3 files and at most 1 can be uploaded.'],
  ['multiple: true and maxFiles: 2', { multiple: true, maxFiles: 2 }, 'images[1] was not uploaded: the input holds 3 files and at most 2 can be uploaded.'],
])('with %s an input of more files rejects as too-many-files before any request', async (_, limit, message) => {
  const ask = presign();
  const input = { image: png('a.png', 500), images: [png('b.png', 500), nameless(500)] };
  // Both were ignored: every file was uploaded.
  await expect(uploadInput(input, { presign: ask, retry: false, createXhr, ...limit } as never)).rejects.toEqual({ code: 'too-many-files', message });
  expect(ask).not.toHaveBeenCalled();
  expect(FakeXhr.all).toEqual([]);
});

it.each([
  ['maxFiles: 2 and two files', { maxFiles: 2 }, { image: png('a.png', 500), mask: nameless(500) }, 2],
  ['multiple: false and one file', { multiple: false }, { image: png('a.png', 500) }, 1],
  ['maxFiles: 1 and one Blob at two places (uploaded once)', { maxFiles: 1 }, { image: png('a.png', 500) }, 1],
])('with %s it uploads', async (_, limit, input, uploads) => {
  const twice = { ...input, again: input.image };
  const pending = uploadInput(twice, { presign: presign(), retry: false, createXhr, ...limit } as never);
  await until(() => FakeXhr.open.length === uploads, `${uploads} uploads`);
  for (const xhr of FakeXhr.open) xhr.respond(200);
  const result = (await pending) as Record<string, string>;
  expect(result.image).toBe('https://cdn.example.com/a.png');
  expect(result.again).toBe(result.image);
  expect(FakeXhr.all).toHaveLength(uploads);
});
