// What TypeScript users get back from uploadInput: string wherever a File or Blob was, at any depth; the rest as it was.
import { expectTypeOf, test } from 'vitest';
import { uploadInput, type Replaced } from '../../src/index';

declare const photo: File;
declare const mask: Blob;
declare const picked: FileList;

test('a prediction input comes back with a string where each File or Blob was', async () => {
  const input = await uploadInput(
    { prompt: 'a red door', image: photo, mask, reference_images: [photo, photo], steps: 30, seed: null as number | null },
    { presign: '/api/uploads/presign' },
  );
  expectTypeOf(input).toEqualTypeOf<{ prompt: string; image: string; mask: string; reference_images: string[]; steps: number; seed: number | null }>();
});

test('optional and nullable files, nested arrays, readonly tuples and FileLists', () => {
  interface Input {
    image?: File;
    mask: Blob | null;
    frames: File[][];
    pair: readonly [File, Blob];
    existing: File | string;
    files: FileList;
  }
  expectTypeOf<Replaced<Input>>().toEqualTypeOf<{
    image?: string;
    mask: string | null;
    frames: string[][];
    pair: readonly [string, string];
    existing: string;
    files: string[];
  }>();
  expectTypeOf<Replaced<typeof picked>>().toEqualTypeOf<string[]>();
  expectTypeOf<Replaced<File>>().toEqualTypeOf<string>();
});

test('Awaited<ReturnType> of an instantiation names the result type', () => {
  type Result = Awaited<ReturnType<typeof uploadInput<{ image: File; when: Date; bytes: Uint8Array }>>>;
  expectTypeOf<Result>().toEqualTypeOf<{ image: string; when: Date; bytes: Uint8Array }>();
});
