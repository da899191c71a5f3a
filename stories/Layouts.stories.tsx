// How the uploader holds up where apps put it: 50 files, names longer than the field, a right-to-left page in
// Arabic with Arabic and Hebrew file names, a dark theme.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { MediaUploader } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { dropzone, pickFiles, recordAnnouncements } from './support/dom';
import { imageFile, textFile } from './support/files';
import { installSlowStorage, presignSlow } from './support/slowStorage';
import { formValues, rowOf, waitForStatus } from './support/storage';

const native = presignEndpointMock({ provider: 'native' });

const meta = {
  title: 'MediaUploader/Layouts',
  component: MediaUploader,
  args: { name: 'media', multiple: true, presign: '/api/presign', onError: fn() },
  parameters: { msw: native.handlers },
  beforeEach: () => {
    native.reset();
    return installSlowStorage();
  },
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

/** No row is wider than the list: long names wrap inside their row, never pushed out of the field. */
async function expectNoOverflow(root: HTMLElement) {
  for (const row of root.querySelectorAll<HTMLElement>('.mu-file')) {
    await expect(row.scrollWidth).toBeLessThanOrEqual(row.clientWidth);
  }
}

// Fifty photos at once, five uploading at a time: every row is listed and every value lands in pick order.
export const FiftyFiles: Story = {
  args: { maxFiles: 50, concurrency: 5, presign: presignSlow({ durationMs: 300 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const image = await imageFile('photo.png', { width: 64, height: 40 });
    const names = Array.from({ length: 50 }, (_, i) => `photo-${String(i + 1).padStart(2, '0')}.png`);
    pickFiles(canvasElement, names.map((name) => new File([image], name, { type: 'image/png' })));
    await waitFor(() => expect(canvas.getAllByText('Uploaded')).toHaveLength(50), { timeout: 60_000 });
    await expect(canvas.getAllByRole('listitem')).toHaveLength(50);
    const values = formValues(canvasElement, 'media');
    await expect(values).toHaveLength(50);
    await expect(new Set(values).size).toBe(50);
    await expectNoOverflow(canvasElement);
  },
};

const LONG_NAME = 'IMG_20261204_182045_HDR_portrait-mode_edited_final_FINAL_v3_for-the-model-input_with-a-really-long-suffix.png';
const UNBROKEN_NAME = `${'x'.repeat(180)}.png`;

// Names that cannot fit on one line: wrapped, shown whole (an ellipsis hid the end that tells two photos apart).
export const LongFileNames: Story = {
  args: { presign: presignSlow({ holdAt: 0.5 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile(LONG_NAME), await imageFile(UNBROKEN_NAME, { hue: 160 }), textFile(`${'notes-'.repeat(20)}.txt`)]);
    await waitForStatus(canvasElement, LONG_NAME, 'uploading');
    await waitForStatus(canvasElement, UNBROKEN_NAME, 'uploading');
    const name = rowOf(canvasElement, LONG_NAME).querySelector<HTMLElement>('.mu-file-name')!;
    await expect(name).toHaveTextContent(LONG_NAME);
    await expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth); // not cut
    const lines = document.createRange();
    lines.selectNodeContents(name);
    await expect(lines.getClientRects().length).toBeGreaterThan(1); // really longer than a line: wrapped
    await expect(canvas.getByRole('button', { name: `Cancel ${UNBROKEN_NAME}` })).toBeVisible();
    await expectNoOverflow(canvasElement);
  },
};

const arabicLabels = {
  dropzone: 'أفلت الملفات هنا أو الصقها أو اضغط للاختيار',
  dropzoneActive: 'أفلت الملفات لرفعها',
  hint: ({ maxSize }: { maxSize: string }) => `صور أو فيديو أو صوت، حتى ${maxSize}`,
  fileList: 'الملفات',
  status: {
    queued: 'في الانتظار',
    preparing: 'تحسين',
    presigning: 'تجهيز',
    uploading: 'جارٍ الرفع',
    done: 'تم الرفع',
    error: 'فشل',
    canceled: 'أُلغي',
  },
  timeLeft: (seconds: number) => `متبقٍ ${Math.max(1, Math.round(seconds))} ث`,
  progress: ({ percent, speed, timeLeft }: { percent: number; speed: string | null; timeLeft: string | null }) =>
    [`تم رفع ${percent}%`, speed, timeLeft].filter(Boolean).join('، '),
  cancel: 'إلغاء',
  retry: 'إعادة المحاولة',
  remove: 'إزالة',
  cancelFile: (name: string) => `إلغاء ${name}`,
  retryFile: (name: string) => `إعادة محاولة ${name}`,
  removeFile: (name: string) => `إزالة ${name}`,
  // What a screen reader says: without these, an Arabic page announced "Uploading … uploaded" in English.
  announceUploading: (name: string) => `جارٍ رفع ${name}`,
  announcePreparing: (name: string) => `جارٍ تحسين ${name}`,
  announceProgress: (name: string, percent: number) => `تم رفع ${percent}% من ${name}`,
  announceDone: (name: string) => `تم رفع ${name}`,
  announceError: (name: string, message: string) => `فشل رفع ${name}: ${message}`,
  announceCanceled: (name: string) => `أُلغي ${name}`,
  announceRemoved: (name: string) => `أُزيل ${name}`,
  announceMore: (count: number) => `و${count} ملفات أخرى: انظر قائمة الملفات`,
  pendingUploads: 'انتظر حتى ينتهي الرفع.',
  required: 'اختر ملفًا لرفعه.',
  duration: (seconds: number) => `المدة ${Math.round(seconds)} ث`,
};

// A right-to-left page: rows start at the right, the buttons sit at the left, Arabic and Hebrew names read right.
export const RightToLeft: Story = {
  args: { labels: arabicLabels },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const names = ['صورة الغروب.png', 'תמונה מהחוף.png'];
    const announcements = recordAnnouncements(canvasElement);
    pickFiles(canvasElement, [await imageFile(names[0]), await imageFile(names[1], { hue: 190 })]);
    await waitFor(() => expect(canvas.getAllByText('تم الرفع')).toHaveLength(2));
    await expect(getComputedStyle(dropzone(canvasElement)).direction).toBe('rtl');
    for (const name of names) {
      const row = rowOf(canvasElement, name);
      const nameBox = row.querySelector('.mu-file-name')!.getBoundingClientRect();
      const buttons = row.querySelector('.mu-file-actions')!.getBoundingClientRect();
      await expect(buttons.right).toBeLessThanOrEqual(nameBox.left);
      await expect(canvas.getByRole('button', { name: `إزالة ${name}` })).toBeVisible();
    }
    await expect(formValues(canvasElement, 'media')).toHaveLength(2);
    // A screen reader on this Arabic page hears Arabic too: the announcements are labels like the rest.
    await waitFor(() => expect(announcements.said()).toContain(`تم رفع ${names[1]}`), { timeout: 10_000 });
    announcements.stop();
    await expect(announcements.said()).not.toMatch(/Uploading|uploaded/);
  },
};

/** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

// The styles follow the page's color-scheme (the system setting only where the page declares `light dark`), or a
// `.dark` / `[data-theme=dark]` ancestor as here.
export const DarkTheme: Story = {
  args: { presign: presignSlow({ holdAt: 0.5 }) },
  decorators: [
    (Story) => (
      <div data-theme="dark" className="sb-dark">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    pickFiles(canvasElement, [await imageFile('night.png', { hue: 230 }), textFile('readme.txt')]);
    await canvas.findByText('Uploading 50%');
    await canvas.findByText(/readme\.txt is a file of type text\/plain/);
    await expect(luminance(getComputedStyle(dropzone(canvasElement)).backgroundColor)).toBeLessThan(0.05);
    await expect(luminance(getComputedStyle(dropzone(canvasElement)).color)).toBeGreaterThan(0.6);
  },
};
