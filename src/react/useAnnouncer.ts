// The live region's words, paced for a listener: the store's activity becomes sentences, which wait until focus
// has settled, are held long enough to be read, merged while held (never dropped), and cleared once stale.
// Written to the region's DOM node from effects and timers: an announcement never causes a React commit.
import { useCallback, useEffect, useRef } from 'react';
import { callApp } from '../core/callApp';
import type { Uploader, UploadActivity, UploadFile, UploadStatus } from '../core/types';
import { percentOf } from './FileRow';
import type { Labels } from './labels';

/** How long after the last focus change (a closed file dialog, a moved focus) before anything is said. */
export const SETTLE_MS = 600;
/** How long a message stays before the next one may replace it ("Uploading x" must be readable). */
export const HOLD_MS = 1000;
/** How long the last message stays in the region before it is cleared (nothing stale to find later). */
export const CLEAR_MS = 5000;

interface Entry {
  id: string;
  /**
   * A milestone, or a preparation starting: outdated by anything newer about its file, so one that passes before it is
   * said (a quick resize) is not said at all. A status otherwise.
   */
  passing?: boolean;
  text: string;
}

/** The statuses said as they start, by their label; an error is said with its sentence; the others are not said. */
const SAID = { uploading: 'announceUploading', done: 'announceDone', canceled: 'announceCanceled' } as const;

function entryOf(item: UploadActivity, labels: Labels, fileOf: (id: string) => UploadFile | undefined): Entry {
  const { id, name } = item;
  if (item.kind === 'removed') return { id, text: labels.announceRemoved(name) };
  if (item.kind === 'progress') return { id, passing: true, text: labels.announceProgress(name, item.percent) };
  // A long resize or transform was silent until "Uploading x"; waiting for a slot and presigning stay unsaid.
  if (item.status === 'preparing') return { id, passing: true, text: labels.announcePreparing(name) };
  if (item.error) return { id, text: labels.announceError(name, labels.error(item.error, fileOf(id) ?? ({ id, name } as UploadFile))) };
  const said = SAID[item.status as keyof typeof SAID];
  return { id, text: said ? labels[said](name) : '' };
}

/** The most files one message speaks of: 60 refused files were 3,300 characters, read out in full. */
const MOST_FILES = 4;

/**
 * Sentences joined into one message: "Uploading a.png. a.png uploaded" (no ".." after a message's own stop). Past
 * MOST_FILES files, the first ones are said and the rest counted ("56 more files: see the file list"): each file's
 * words stay in its row.
 */
function joined(entries: readonly Entry[], labels: Labels): string {
  const files = [...new Set(entries.map(({ id }) => id))];
  const said = new Set(files.length > MOST_FILES ? files.slice(0, MOST_FILES - 1) : files);
  const lines = entries.filter(({ id }) => said.has(id)).map(({ text }) => text);
  if (said.size < files.length) lines.push(labels.announceMore(files.length - said.size));
  return lines.reduce((text, line) => (text ? `${text}${/[.!?]$/.test(text) ? '' : '.'} ${line}` : line), '');
}

interface Timed {
  timer: ReturnType<typeof setTimeout>;
  saidAt: number;
  percent: number;
}

/**
 * Speaks the uploader's activity through the element given to the returned ref (a `role="status"` region), and
 * a row's `announceRemoved` sentence when the widget removed that row itself (the returned function; no sentence, nothing).
 * Progress quarters come from the store; for long uploads a milestone is added every
 * `labels.announceProgressEvery` seconds without one.
 */
export function useAnnouncer(uploader: Uploader, labels: Labels): [(node: HTMLElement | null) => void, (row: Node | undefined, text?: string) => void] {
  const latest = useRef<{ uploader: Uploader; labels: Labels }>(null!);
  latest.current = { uploader, labels };
  const state = useRef({
    node: null as HTMLElement | null,
    text: '',
    queue: [] as Entry[],
    /** The message's timer (settle, hold or clear); clearing one that already ran does nothing. */
    timer: 0 as unknown as ReturnType<typeof setTimeout> | undefined,
    step: 'idle' as 'idle' | 'settling' | 'holding' | 'clearing',
    focusAt: -Infinity,
    seen: uploader.getSnapshot().activity,
    timed: new Map<string, Timed>(),
  }).current;

  const write = (text: string) => {
    // A repeat (a Retry failing the same way) must still be a change, or the region stays silent.
    const next = text && text === state.text ? `${text}\u00a0` : text;
    state.text = next;
    if (state.node) state.node.textContent = next;
  };
  const schedule = (ms: number) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(tick, ms);
  };
  function tick() {
    const wait = state.focusAt + SETTLE_MS - performance.now();
    if (state.queue.length > 0 && wait > 0) return schedule(wait);
    if (state.queue.length > 0) {
      write(joined(state.queue, latest.current.labels));
      state.queue = [];
      state.step = 'holding';
      return schedule(HOLD_MS);
    }
    if (state.step === 'holding') {
      state.step = 'clearing';
      return schedule(CLEAR_MS);
    }
    state.step = 'idle';
    write('');
  }
  const push = (entries: readonly Entry[]) => {
    for (const entry of entries) {
      // A milestone or a preparation not yet said is outdated by anything newer about its file, said or not (a quick
      // resize then a slow presign was said "Optimizing" while presigning); statuses are all kept.
      state.queue = state.queue.filter((queued) => !(queued.passing && queued.id === entry.id));
      if (!entry.text) continue;
      state.queue.push(entry);
      const timed = state.timed.get(entry.id);
      if (timed) timed.saidAt = performance.now();
    }
    // Idle or clearing: start a new message after the settle delay; settling or holding, the running timer says it.
    if (state.queue.length > 0 && (state.step === 'idle' || state.step === 'clearing')) {
      state.step = 'settling';
      schedule(SETTLE_MS);
    }
  };

  const stopTimed = (id: string) => {
    clearTimeout(state.timed.get(id)?.timer);
    state.timed.delete(id);
  };
  const startTimed = (id: string) => {
    stopTimed(id);
    const every = latest.current.labels.announceProgressEvery * 1000;
    if (!(every > 0)) return;
    const timed: Timed = { timer: 0 as unknown as ReturnType<typeof setTimeout>, saidAt: performance.now(), percent: 0 };
    const check = () => {
      const file = latest.current.uploader.getFile(id);
      if (!file || file.status !== 'uploading') return stopTimed(id);
      const due = timed.saidAt + every - performance.now();
      if (due <= 0) {
        const percent = percentOf(file);
        if (percent > timed.percent) {
          timed.percent = percent;
          push([{ id, passing: true, text: latest.current.labels.announceProgress(file.name, percent) }]);
        }
        timed.saidAt = performance.now();
      }
      timed.timer = setTimeout(check, Math.max(due, every));
    };
    timed.timer = setTimeout(check, every);
    state.timed.set(id, timed);
  };

  // Read from the store as it notifies, not through a render: the widget does not re-render for each new activity.
  useEffect(() => {
    const hear = () => {
      const { activity } = uploader.getSnapshot();
      if (state.seen === activity) return;
      state.seen = activity;
      const { labels: words } = latest.current;
      push(activity.map((item) => entryOf(item, words, uploader.getFile)));
      for (const item of activity) {
        if (item.kind === 'progress') {
          const timed = state.timed.get(item.id);
          if (timed) timed.percent = Math.max(timed.percent, item.percent);
        } else if (item.kind === 'status' && item.status === 'uploading') startTimed(item.id);
        else stopTimed(item.id);
      }
    };
    hear();
    // Runs inside the store's notification: the app's label functions must not break it for the other listeners.
    return uploader.subscribe(() => callApp(hear));
  }, [uploader]);

  useEffect(() => {
    // A closed file dialog gives focus back to the window; a moved focus makes the screen reader read the new
    // control: wait until it has, so the message is not spoken over it and lost. Captured at the window, one listener
    // hears both: the window's own focus and every element's (their path runs through the window).
    const focused = () => {
      state.focusAt = performance.now();
    };
    window.addEventListener('focus', focused, true);
    // StrictMode's remount, a hidden <Activity> shown again: what was waiting is said after all.
    push([]);
    return () => {
      window.removeEventListener('focus', focused, true);
      clearTimeout(state.timer);
      state.step = 'idle';
      for (const id of [...state.timed.keys()]) stopTimed(id);
    };
  }, []);

  return [
    useCallback((node: HTMLElement | null) => {
      state.node = node;
      if (node) node.textContent = state.text;
    }, []),
    // An earlier value's row that left (not the store's to say), paced like the others. Once the commit is done: a row
    // React only hid (<Activity mode="hidden">) is still in the page, its value still in the form, and is not said.
    (row, text) => queueMicrotask(() => row?.isConnected || push([{ id: text!, text: text! }])),
  ];
}
