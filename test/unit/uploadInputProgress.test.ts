// uploadInput's onProgress({ loaded, total }) as an app's progress bar reads it: it never moves back, a retry and a
// preparation that changes a file's size included.
import { expect, it, vi } from 'vitest';
import { uploadInput } from '../../src/core/uploadInput';
import { FakeXhr, nativeTarget, png, until, uploadInputSeams } from './helpers';

const { createXhr, presign } = uploadInputSeams();

type Progress = { loaded: number; total: number };

/** Every figure reported: loaded never decreases, never exceeds total, and total stays the input's bytes. */
function expectSteady(progress: Progress[], total: number): void {
  expect(progress.length).toBeGreaterThan(1);
  for (const [i, p] of progress.entries()) {
    expect(p.total, `report ${i}`).toBe(total);
    expect(p.loaded, `report ${i}`).toBeLessThanOrEqual(p.total);
    if (i > 0) expect(p.loaded, `report ${i} after ${JSON.stringify(progress[i - 1])}`).toBeGreaterThanOrEqual(progress[i - 1]!.loaded);
  }
  expect(progress.at(-1)).toEqual({ loaded: total, total });
}

it('a retry that sends a file again from its first byte does not move the total back', async () => {
  const progress: Progress[] = [];
  const pending = uploadInput(
    { image: png('a.png', 1000) },
    { presign: presign(), retry: { retries: 1, baseDelayMs: 1 }, createXhr, onProgress: (p: Progress) => progress.push(p) } as never,
  );
  await until(() => FakeXhr.open.length === 1, 'the first attempt');
  FakeXhr.open[0]!.progress(600, 1000);
  await until(() => progress.some((p) => p.loaded === 600), '600 bytes reported');
  FakeXhr.open[0]!.fail();
  await until(() => FakeXhr.open.length === 1 && FakeXhr.all.length === 2, 'the second attempt');
  // The second attempt starts at 0 and passes 200: the bar went back from 60 % to 0 and 20 %.
  FakeXhr.open[0]!.progress(200, 1000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  FakeXhr.open[0]!.progress(900, 1000);
  await until(() => progress.some((p) => p.loaded === 900), '900 bytes reported');
  FakeXhr.open[0]!.respond(200);
  expect(await pending).toEqual({ image: 'https://cdn.example.com/a.png' });
  expectSteady(progress, 1000);
});

it("a preparation that makes a file larger does not move the total back: total is the input's bytes, each file weighed by them", async () => {
  // An app's transform (a HEIC converted to JPEG, say) makes b.png three times its size, once b's turn comes.
  const transform = async (file: File) => (file.name === 'b.png' ? png('b.png', 3000) : file);
  const progress: Progress[] = [];
  const pending = uploadInput(
    { images: [png('a.png', 1000), png('b.png', 1000)] },
    { presign: presign(), retry: false, concurrency: 1, prepare: { transform, stripMetadata: false }, createXhr, onProgress: (p: Progress) => progress.push(p) } as never,
  );
  await until(() => FakeXhr.open.length === 1, "a's upload");
  FakeXhr.open[0]!.progress(500, 1000);
  await until(() => progress.some((p) => p.loaded === 500), "half of a reported");
  FakeXhr.open[0]!.respond(200);
  await until(() => FakeXhr.open.length === 1 && FakeXhr.all.length === 2, "b's upload");
  // Before: a's 1,000 bytes done of 2,000 (50 %), then of 4,000 once b was 3,000 (25 %).
  FakeXhr.open[0]!.progress(1500, 3000);
  await until(() => progress.at(-1)!.loaded > 1000, "half of b reported");
  expect(progress.at(-1)).toEqual({ loaded: 1500, total: 2000 });
  FakeXhr.open[0]!.respond(200);
  expect(await pending).toEqual({ images: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'] });
  expectSteady(progress, 2000);
});

it("a multipart POST's form fields do not count: total stays the files' bytes and ends there", async () => {
  const progress: Progress[] = [];
  const post = vi.fn(async () => nativeTarget({ method: 'POST', fields: { key: 'uploads/abc', policy: 'x'.repeat(300) } }));
  const pending = uploadInput({ image: png('a.png', 1000) }, { presign: post, retry: false, createXhr, onProgress: (p: Progress) => progress.push(p) } as never);
  await until(() => FakeXhr.open.length === 1, 'one upload');
  // The body is the fields and the file: 1,500 bytes for a 1,000-byte file.
  FakeXhr.open[0]!.progress(750, 1500);
  await until(() => progress.some((p) => p.loaded > 0), 'progress reported');
  expect(progress.at(-1)).toEqual({ loaded: 500, total: 1000 });
  FakeXhr.open[0]!.progress(1500, 1500);
  FakeXhr.open[0]!.respond(204);
  await pending;
  expectSteady(progress, 1000);
});
