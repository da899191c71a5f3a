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

test("a class instance holding a file comes back as JSON sends it: its own fields, each file a string, no methods", () => {
  class FillInput {
    constructor(
      readonly prompt: string,
      readonly image: File,
      readonly mask?: Blob,
      readonly seed: number | null = null,
      readonly onDone?: () => void,
    ) {}
    describe(): string {
      return this.prompt;
    }
  }
  // It listed describe() as if it were data: the copy has no prototype, so calling it threw "not a function". A field
  // holding a function is no data either (JSON leaves it out); one typed null is.
  expectTypeOf<Replaced<{ input: FillInput }>>().toEqualTypeOf<{
    input: { readonly prompt: string; readonly image: string; readonly mask?: string; readonly seed: number | null };
  }>();
  expectTypeOf<Replaced<FillInput>>().not.toHaveProperty('describe');
});

test('an object that holds no file is kept as it is, methods and all (a class instance is the same object)', () => {
  class Seed {
    constructor(readonly value: number) {}
    next(): Seed {
      return new Seed(this.value + 1);
    }
  }
  expectTypeOf<Replaced<{ seed: Seed; image: File; url: URL }>>().toEqualTypeOf<{ seed: Seed; image: string; url: URL }>();
  expectTypeOf<Replaced<Seed>>().toEqualTypeOf<Seed>();
});
