// Every state of <MediaUploader> on one page, side by side: a card per state, each its own uploader brought to
// that state by the play function, which then checks all of them. New states get a card in CARDS.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { MediaUploader, type MediaUploaderProps, type UploadErrorCode } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { dragEnter, dropzone, pickFiles } from './support/dom';
import { imageFile, largePng, textFile, videoFile } from './support/files';
import { installSlowStorage, presignSlow } from './support/slowStorage';
import { DROPPING_STORAGE, expectError, HANGING_STORAGE, presignForever, presignTo, storageHandlers, waitForStatus } from './support/storage';

/** A presign route of its own (path and storage) per behaviour, so the mocks never answer for one another. */
function route(name: string, fail?: 'presign-500' | 'presign-invalid' | 'upload-403-signature' | 'upload-expired') {
  return presignEndpointMock({ provider: 'native', path: `/api/states/${name}`, storageOrigin: `https://${name}.storage.example.com`, fail });
}
const routes = {
  done: route('done'),
  presign500: route('presign-500', 'presign-500'),
  presignInvalid: route('presign-invalid', 'presign-invalid'),
  signature: route('signature', 'upload-403-signature'),
  expired: route('expired', 'upload-expired'),
};

interface Card {
  title: string;
  /** The status or error code the card shows, printed under its title. */
  code: string;
  props?: Partial<MediaUploaderProps>;
  files?: () => Promise<File[]> | File[];
  /** Brings the card to its state once its files are picked (a click, a drag, a submit) and checks it. */
  check: (card: HTMLElement, props: Partial<MediaUploaderProps>) => Promise<unknown>;
}

const picture = (name: string, hue?: number) => async () => [await imageFile(name, hue === undefined ? {} : { hue })];
const status = (name: string, state: string) => (card: HTMLElement) => waitForStatus(card, name, state);
const holding = (percent: number): Card => ({
  title: `Uploading ${percent}%`,
  code: 'uploading',
  props: { presign: presignSlow({ durationMs: 2_000, holdAt: percent / 100 }) },
  files: () => [videoFile(`interview-${percent}.mp4`, 12_000_000)],
  check: (card) => within(card).findByText(`Uploading ${percent}%`, { selector: '.mu-file-status' }),
});
/** A card whose file `name` fails with `code`; `onError` is its own spy. */
function failing(code: UploadErrorCode, name: string, files: Card['files'], props: Partial<MediaUploaderProps> = {}): Card {
  return {
    title: code.replace(/^./, (c) => c.toUpperCase()).replaceAll('-', ' '),
    code,
    props: { retry: false, onError: fn(), ...props },
    files,
    check: (card, p) => expectError(card, p.onError, name, code),
  };
}

const CARDS: Card[] = [
  { title: 'Empty', code: 'idle', check: async (card) => expect(within(card).queryByRole('list')).not.toBeInTheDocument() },
  {
    title: 'Drag active',
    code: 'drag-active',
    check: async (card) => {
      dragEnter(card, [await imageFile()]);
      await waitFor(() => expect(dropzone(card)).toHaveAttribute('data-drag-active'));
    },
  },
  {
    title: 'Queued',
    code: 'queued',
    props: { multiple: true, concurrency: 1, presign: presignSlow({ holdAt: 0.3 }) },
    files: picture('first.png'),
    check: async (card) => {
      await waitForStatus(card, 'first.png', 'uploading');
      pickFiles(card, [await imageFile('waiting.png', { hue: 100 })]);
      await waitForStatus(card, 'waiting.png', 'queued');
    },
  },
  { title: 'Presigning', code: 'presigning', props: { presign: presignForever }, files: picture('asking.png'), check: status('asking.png', 'presigning') },
  holding(10),
  holding(50),
  holding(90),
  { title: 'Done', code: 'done', props: { presign: '/api/states/done' }, files: picture('done.png', 120), check: status('done.png', 'done') },
  {
    title: 'Existing value',
    code: 'done',
    props: { defaultValue: 'https://cdn.example.com/uploads/saved-cover.jpg' },
    check: async (card) => expect(within(card).getByText('saved-cover.jpg')).toBeVisible(),
  },
  {
    title: 'Canceled',
    code: 'canceled',
    props: { presign: presignSlow({ holdAt: 0.4 }) },
    files: picture('stopped.png', 300),
    check: async (card) => {
      await within(card).findByText('Uploading 40%');
      await userEvent.click(within(card).getByRole('button', { name: 'Cancel stopped.png' }));
      await waitForStatus(card, 'stopped.png', 'canceled');
    },
  },
  {
    title: 'Disabled',
    code: 'disabled',
    props: { disabled: true },
    check: async (card) => expect(dropzone(card)).toHaveAttribute('aria-disabled', 'true'),
  },
  {
    title: 'Required, nothing chosen',
    code: 'invalid',
    props: { required: true },
    check: async (card) => {
      card.querySelector('form')!.reportValidity();
      await within(card).findByText('Choose a file to upload.');
    },
  },
  failing('file-invalid-type', 'notes.txt', () => [textFile('notes.txt')]),
  failing('file-too-large', 'poster.png', () => [largePng('poster.png', 3 * 1024 * 1024)], { maxSize: 1024 * 1024 }),
  failing('file-too-small', 'tiny.png', picture('tiny.png'), { minSize: 1024 * 1024 }),
  failing('too-many-files', 'third.png', async () => [await imageFile('first.png'), await imageFile('second.png', { hue: 60 }), await imageFile('third.png', { hue: 200 })], {
    multiple: true,
    maxFiles: 2,
    presign: presignSlow({ holdAt: 0.6 }),
  }),
  failing('presign-failed', 'portrait-a.png', picture('portrait-a.png'), { presign: '/api/states/presign-500' }),
  failing('presign-invalid-response', 'portrait-b.png', picture('portrait-b.png'), { presign: '/api/states/presign-invalid' }),
  failing('upload-failed', 'portrait-c.png', picture('portrait-c.png'), { presign: '/api/states/signature' }),
  failing('upload-expired', 'portrait-d.png', picture('portrait-d.png'), { presign: '/api/states/expired' }),
  failing('network-error', 'portrait-e.png', picture('portrait-e.png'), { presign: presignTo(DROPPING_STORAGE) }),
  failing('stalled', 'portrait-f.png', picture('portrait-f.png'), { presign: presignTo(HANGING_STORAGE), stallTimeoutMs: 2_000 }),
  // Issue 7's states (`preparing`, file-invalid-dimensions, file-invalid-duration, prepare-failed) go here once
  // the engine has them: see Preparing.stories.tsx.
];

function StateCard({ card, index }: { card: Card; index: number }) {
  const headingId = useId();
  return (
    <section className="sb-state" aria-labelledby={headingId} data-card={index}>
      <h2 id={headingId}>{card.title}</h2>
      <code>{card.code}</code>
      <form onSubmit={(event) => event.preventDefault()}>
        <MediaUploader name={`field-${index}`} presign="/api/states/done" stallTimeoutMs={0} presignTimeoutMs={0} aria-labelledby={headingId} {...card.props} />
      </form>
    </section>
  );
}

const meta = {
  title: 'MediaUploader/All states',
  render: () => (
    <div className="sb-states">
      <h1>Every state of MediaUploader</h1>
      {CARDS.map((card, index) => (
        <StateCard key={card.title} card={card} index={index} />
      ))}
    </div>
  ),
  parameters: { msw: [...Object.values(routes).flatMap((r) => r.handlers), ...storageHandlers] },
  beforeEach: () => {
    for (const r of Object.values(routes)) r.reset();
    return installSlowStorage();
  },
} satisfies Meta;

export default meta;

export const AllStates: StoryObj<typeof meta> = {
  name: 'All states',
  play: async ({ canvasElement }) => {
    const cards = CARDS.map((card, index) => ({ card, element: canvasElement.querySelector<HTMLElement>(`[data-card="${index}"]`)! }));
    // Every card starts at once, then each is brought to its state and checked.
    for (const { card, element } of cards) if (card.files) pickFiles(element, await card.files());
    const results = await Promise.allSettled(cards.map(({ card, element }) => card.check(element, card.props ?? {})));
    const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [`${CARDS[i]!.title}: ${String(result.reason)}`] : []));
    // One error naming every card that is not in its state (expect would cut the list short).
    if (failed.length > 0) throw new Error(`${failed.length} cards not in their state:\n${failed.join('\n')}`);
  },
};
