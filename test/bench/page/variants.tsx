// The ways to send the same files: hand-written references and the library's three public entries. Each mounts before
// the clock starts, then `arm` readies one batch and returns the call that starts it.
import { Profiler, useSyncExternalStore, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createUploader, MediaUploader, useUpload, type UploadError, type UploadOptions } from 'media-uploader';
// The widget as an app ships it: with its stylesheet (layout, thumbnails at their size).
import 'media-uploader/styles.css';

export type VariantName = 'raw-xhr' | 'ideal' | 'idealRead' | 'idealList' | 'createUploader' | 'useUpload' | 'MediaUploader';

export interface VariantSpec {
  sinkOrigin: string;
  concurrency: number;
  presignDelayMs: number;
  /** The sink drains slowly: many progress events per file. */
  slow: boolean;
  /** Count React commits (Profiler onRender) into `commits`. */
  commits: number[] | null;
}

export interface Session {
  /** Readies a batch (DataTransfer, counters) and returns what starts it; its promise ends when all are stored. */
  arm(files: readonly File[]): () => Promise<void>;
  /** Where the rows render (React variants). */
  list: HTMLElement | null;
  close(): void;
}

let unique = 0;

function put(url: string, file: File, headers: Record<string, string>, onProgress = (_event: ProgressEvent) => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    // A real uploader shows progress; a listener also makes Chromium report it, which has a cost.
    xhr.upload.onprogress = onProgress;
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`PUT answered ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('PUT failed'));
    xhr.send(file);
  });
}

async function pool(files: readonly File[], size: number, send: (file: File) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) await send(files[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, files.length) }, worker));
}

/** What the library's check reads of a PNG, JPEG or WebP: their type and metadata (src/core/needsPreparation.ts). */
const CHECK_READ_BYTES = 64 * 1024;
/** How many files' first bytes the library reads at once (src/core/checkInTurn.ts). */
const READS_AT_ONCE = 2;

const presignUrl = (spec: VariantSpec) =>
  `${location.origin}/presign?delay=${spec.presignDelayMs}${spec.slow ? '&slow' : ''}`;

/** The ideal pipeline: presign fetch, then one XHR PUT per file, a pool of `concurrency`. Nothing else. */
async function idealOne(spec: VariantSpec, file: File, row?: ListRow): Promise<void> {
  if (row) row.set('presigning');
  const response = await fetch(presignUrl(spec), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ filename: file.name, contentType: file.type, size: file.size, fileType: 'image' }),
  });
  const target = (await response.json()) as { uploadUrl: string; headers: Record<string, string> };
  if (!row) return put(target.uploadUrl, file, target.headers);
  row.set('uploading');
  await put(target.uploadUrl, file, target.headers, (event) => row.set('uploading', event.loaded / Math.max(1, event.total)));
  row.set('done', 1);
}

interface ListRow {
  name: string;
  status: string;
  progress: number;
  set(status: string, progress?: number): void;
}

/**
 * The least a React uploader renders, as a reference for the library's React variants: the ideal pipeline, and a list
 * of its files (name, status, percent) rendered again at the next animation frame after any change, no more often.
 */
async function idealListSession(spec: VariantSpec): Promise<Session> {
  let rows: ListRow[] = [];
  let version = 0;
  let frame = 0;
  const listeners = new Set<() => void>();
  const changed = () => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      version++;
      for (const listener of listeners) listener();
    });
  };
  const subscribe = (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener));
  function List() {
    useSyncExternalStore(subscribe, () => version);
    return (
      <ul data-bench-list="">
        {rows.map((row, i) => (
          <li key={i}>
            {row.name} {row.status} {Math.round(row.progress * 100)}%
          </li>
        ))}
      </ul>
    );
  }
  const { host, unmount } = await mountReact(<List />, '[data-bench-list]');
  return {
    arm(files) {
      const byFile = new Map<File, ListRow>();
      return () => {
        rows = files.map((file) => {
          const row: ListRow = { name: file.name, status: 'queued', progress: 0, set: (status, progress = row.progress) => ((row.status = status), (row.progress = progress), changed()) };
          byFile.set(file, row);
          return row;
        });
        changed();
        return pool(files, spec.concurrency, (file) => idealOne(spec, file, byFile.get(file)));
      };
    },
    get list() {
      return host.querySelector<HTMLElement>('[data-bench-list]');
    },
    close() {
      cancelAnimationFrame(frame);
      unmount();
    },
  };
}

/**
 * The ideal pipeline for a drop: the first bytes of each dropped file are read (the least a type check by content
 * does), then presign and PUT, a pool of `concurrency`. Its first request is the reference for the library's after a
 * drop: Chromium's first read of a fresh drop's file can take far longer than a read of a file read before.
 */
export function idealDropSession(spec: VariantSpec): Session {
  const host = document.getElementById('stage')!.appendChild(document.createElement('div'));
  let closed = false;
  return {
    arm(files) {
      let sent: Promise<void> = Promise.resolve();
      host.ondrop = (event) => {
        event.preventDefault();
        const dropped = [...event.dataTransfer!.files];
        sent = pool(dropped, spec.concurrency, async (file) => {
          // Closed, as an unmounted widget is: the rest of the files would be read and sent into the next run.
          if (closed) return;
          await file.slice(0, 64).arrayBuffer();
          await idealOne(spec, file);
        });
      };
      const start = drop(host, files);
      return () => (start(), sent);
    },
    list: null,
    close: () => {
      closed = true;
      host.remove();
    },
  };
}

/**
 * The ideal pipeline with the read the library makes of each file before its presign: a check by bytes (DESIGN.md: a
 * file is accepted by its bytes) and the location walk of a PNG, JPEG or WebP read its first 64 KB. As the library
 * does: from the start, ahead of the pool, two files at a time in pick order; each file's presign waits for its read.
 * On the main thread, with no worker: Chromium's cheapest read in CPU (README, Performance).
 */
function readFirstSession(spec: VariantSpec): Session {
  return {
    arm: (files) => () => {
      const reads = new Map<File, Promise<unknown>>();
      const done = new Map<File, () => void>();
      for (const file of files) reads.set(file, new Promise<void>((resolve) => done.set(file, resolve)));
      void pool(files, READS_AT_ONCE, async (file) => {
        await file.slice(0, CHECK_READ_BYTES).arrayBuffer();
        done.get(file)!();
      });
      return pool(files, spec.concurrency, async (file) => {
        await reads.get(file);
        await idealOne(spec, file);
      });
    },
    list: null,
    close: () => {},
  };
}

function plainSession(send: (file: File) => Promise<void>, spec: VariantSpec): Session {
  return { arm: (files) => () => pool(files, spec.concurrency, send), list: null, close: () => {} };
}

/** Counts onUploaded calls of one batch; any onError fails the run (a bench of failures measures nothing). */
function batchTracker() {
  let expected = 0;
  let stored = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  return {
    expect(count: number): Promise<void> {
      expected = count;
      stored = 0;
      return new Promise((resolve, reject) => (settle = { resolve, reject }));
    },
    options: {
      onUploaded: () => {
        if (++stored === expected) settle?.resolve();
      },
      onError: (error: UploadError) => settle?.reject(new Error(`${error.code}: ${error.message}`)),
    } satisfies Partial<UploadOptions>,
  };
}

function uploaderOptions(spec: VariantSpec, tracker: ReturnType<typeof batchTracker>): UploadOptions {
  return {
    presign: presignUrl(spec),
    multiple: true,
    concurrency: spec.concurrency,
    maxSize: 1024 ** 3,
    retry: false,
    ...tracker.options,
  };
}

function HookList({ options }: { options: UploadOptions }) {
  const { files, getRootProps, getInputProps } = useUpload(options);
  return (
    <div {...getRootProps({ 'data-bench-drop': '' })}>
      <input {...getInputProps()} />
      <ul data-bench-list="">
        {files.map((file) => (
          <li key={file.id} data-status={file.status}>
            {file.name} {file.status} {Math.round(file.progress * 100)}%
          </li>
        ))}
      </ul>
    </div>
  );
}

function drop(target: Element, files: readonly File[]): () => void {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  return () => target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

/** Renders `tree` into a new element of the stage, and resolves once `ready` is in it and the mount has settled. */
async function mountReact(tree: ReactElement, ready: string): Promise<{ host: HTMLElement; unmount: () => void }> {
  const host = document.getElementById('stage')!.appendChild(document.createElement('div'));
  const root = createRoot(host);
  root.render(tree);
  while (!host.querySelector(ready)) await new Promise(requestAnimationFrame);
  // Mounted means settled: React runs the mount's effects (the store subscriptions) in a task after the commit, and a
  // drop before them is rendered by their catch-up check instead of by the store's notification.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  return {
    host,
    unmount: () => {
      root.unmount();
      host.remove();
    },
  };
}

async function reactSession(spec: VariantSpec, element: (options: UploadOptions) => ReactElement, dropSelector: string, listSelector: string): Promise<Session> {
  const tracker = batchTracker();
  const tree = element(uploaderOptions(spec, tracker));
  const commits = spec.commits;
  const { host, unmount } = await mountReact(commits ? <Profiler id="bench" onRender={(...args) => commits.push(args[5])}>{tree}</Profiler> : tree, dropSelector);
  return {
    arm(files) {
      const done = tracker.expect(files.length);
      const start = drop(host.querySelector(dropSelector)!, files);
      return () => (start(), done);
    },
    get list() {
      return host.querySelector<HTMLElement>(listSelector);
    },
    close: unmount,
  };
}

export async function mountVariant(name: VariantName, spec: VariantSpec): Promise<Session> {
  switch (name) {
    case 'raw-xhr':
      return plainSession((file) => put(`${spec.sinkOrigin}/put/raw-${++unique}`, file, { 'Content-Type': file.type }), spec);
    case 'ideal':
      return plainSession((file) => idealOne(spec, file), spec);
    case 'idealRead':
      return readFirstSession(spec);
    case 'idealList':
      return idealListSession(spec);
    case 'createUploader': {
      const tracker = batchTracker();
      const uploader = createUploader(uploaderOptions(spec, tracker));
      return {
        arm(files) {
          const done = tracker.expect(files.length);
          return () => (void uploader.upload(files), done);
        },
        list: null,
        close: () => uploader.destroy(),
      };
    }
    case 'useUpload':
      return reactSession(spec, (options) => <HookList options={options} />, '[data-bench-drop]', '[data-bench-list]');
    case 'MediaUploader':
      return reactSession(spec, (options) => <MediaUploader {...options} />, '[data-mu-dropzone]', 'ul.mu-files');
  }
}
