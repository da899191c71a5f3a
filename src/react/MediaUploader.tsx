// The ready-made widget, composed only from the public useUpload: anything it does, a custom UI can do.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { DEFAULT_ACCEPT, describeAccept, parseAccept } from '../core/accept';
import { formatBytes } from '../core/errors';
import type { UploadFile, UploadOptions, UploadStatus } from '../core/types';
import { DEFAULT_MAX_SIZE } from '../core/validate';
import { ExistingValueRow, FileRow } from './FileRow';
import { FormValue, useFormValue } from './FormValue';
import { defaultLabels, type Labels } from './labels';
import { useUpload } from './useUpload';

export interface MediaUploaderProps extends UploadOptions {
  /** The form field: one hidden input of this name per uploaded file, in file order. */
  name?: string;
  /** Controlled value: a string without `multiple`, a string array with it. */
  value?: string | string[];
  /** Uncontrolled initial value (an existing URL when editing). */
  defaultValue?: string | string[];
  /** Called with the new field value: a string without `multiple` ('' when emptied), a string array with it. */
  onChange?: (value: string | string[]) => void;
  /** The form cannot be submitted until a file is uploaded. @default false */
  required?: boolean;
  /** Overrides for every visible or announced string. */
  labels?: Partial<Labels>;
  className?: string;
  /** The drop zone's id. */
  id?: string;
  /**
   * Names the whole field ("Photo"): it labels the root `role="group"`, while the drop zone keeps its visible
   * text as its name (a replaced name hides what sighted users read: WCAG 2.5.3, axe label-content-name-mismatch).
   */
  'aria-label'?: string;
  /** The id of a visible field label (a heading or `<label>`): it names the root group, like `aria-label`. */
  'aria-labelledby'?: string;
  /** Describes the drop zone (help text, for instance). */
  'aria-describedby'?: string;
}

type RootState = 'idle' | 'uploading' | 'done' | 'error';

function rootStateOf(files: readonly UploadFile[], isUploading: boolean): RootState {
  if (isUploading) return 'uploading';
  if (files.some((file) => file.status === 'error')) return 'error';
  if (files.some((file) => file.status === 'done')) return 'done';
  return 'idle';
}

function useMergedLabels(overrides: Partial<Labels> | undefined): Labels {
  // Inline `labels={{ … }}` is a new object every render; re-merge only when an entry changed,
  // so memoized rows keep skipping progress ticks of other files.
  const last = useRef<{ overrides: Partial<Labels> | undefined; merged: Labels } | null>(null);
  const previous = last.current;
  const same =
    previous !== null &&
    Object.keys({ ...previous.overrides, ...overrides }).every(
      (key) => Object.is(previous.overrides?.[key as keyof Labels], overrides?.[key as keyof Labels]),
    );
  if (same) return previous.merged;
  const merged = { ...defaultLabels, ...overrides };
  last.current = { overrides, merged };
  return merged;
}

/** Announces each status change once, politely (done, failed, canceled, upload started). */
function useAnnouncement(files: readonly UploadFile[], labels: Labels): string {
  const [announcement, setAnnouncement] = useState({ text: '', count: 0 });
  const seen = useRef(new Map<string, UploadStatus>());
  useEffect(() => {
    const lines: string[] = [];
    const next = new Map<string, UploadStatus>();
    for (const file of files) {
      next.set(file.id, file.status);
      if (seen.current.get(file.id) === file.status) continue;
      if (file.status === 'uploading') lines.push(labels.announceUploading(file.name));
      else if (file.status === 'done') lines.push(labels.announceDone(file.name));
      else if (file.status === 'canceled') lines.push(labels.announceCanceled(file.name));
      else if (file.status === 'error' && file.error)
        lines.push(labels.announceError(file.name, labels.error(file.error, file)));
    }
    seen.current = next;
    if (lines.length > 0) setAnnouncement((last) => ({ text: lines.join('. '), count: last.count + 1 }));
  }, [files, labels]);
  // A live region speaks only when its text changes: a Retry that fails with the same words would be
  // silent. Every second announcement ends with a no-break space, so a repeat is a change too.
  return announcement.text + (announcement.count > 0 && announcement.count % 2 === 0 ? '\u00a0' : '');
}

export function MediaUploader(props: MediaUploaderProps) {
  const {
    name,
    value,
    defaultValue,
    onChange,
    required = false,
    labels: labelOverrides,
    className,
    id,
    'aria-label': ariaLabel,
    'aria-labelledby': ariaLabelledBy,
    'aria-describedby': ariaDescribedBy,
    ...options
  } = props;
  const labels = useMergedLabels(labelOverrides);
  const upload = useUpload(options);
  const { files, isUploading, isDragActive, getRootProps, getInputProps, cancel, retry, remove } = upload;
  const disabled = options.disabled ?? false;
  const multiple = options.multiple ?? false;

  const listed = useMemo(() => files.flatMap((file) => (file.value === null ? [] : [file.value])), [files]);
  const field = useFormValue({ uploaded: upload.value, listed, pending: isUploading, multiple, value, defaultValue, onChange });
  const announcement = useAnnouncement(files, labels);

  const generatedId = useId();
  const dropzoneId = id ?? `${generatedId}-dropzone`;
  const invalidId = `${generatedId}-invalid`;
  const wrapper = useRef<HTMLDivElement>(null);
  const [invalidShown, setInvalidShown] = useState(false);
  const validationMessage = isUploading
    ? labels.pendingUploads
    : required && field.values.length === 0
      ? labels.required
      : '';
  const invalidMessage = invalidShown ? validationMessage : '';
  // Shown after the browser reported the field invalid; once valid again it waits for the next report.
  useEffect(() => {
    if (!validationMessage) setInvalidShown(false);
  }, [validationMessage]);

  const hint = useMemo(
    () =>
      labels.hint({
        accept: describeAccept(parseAccept(options.accept ?? DEFAULT_ACCEPT)),
        maxSize: formatBytes(options.maxSize ?? DEFAULT_MAX_SIZE),
        multiple,
      }),
    [labels, options.accept, options.maxSize, multiple],
  );
  // A removed row takes its focused button with it: send focus back to the drop zone, not to <body>.
  const focusDropzone = useCallback(
    () => wrapper.current?.querySelector<HTMLElement>('[data-mu-dropzone]')?.focus(),
    [],
  );
  const removeFile = useCallback(
    (fileId: string) => {
      remove(fileId);
      focusDropzone();
    },
    [remove, focusDropzone],
  );
  const removeExisting = field.removeExisting;
  const removeValue = useCallback(
    (item: string) => {
      removeExisting(item);
      focusDropzone();
    },
    [removeExisting, focusDropzone],
  );
  const describedBy = [invalidMessage ? invalidId : null, ariaDescribedBy].filter(Boolean).join(' ') || undefined;

  return (
    <div
      ref={wrapper}
      className={className ? `mu ${className}` : 'mu'}
      data-state={rootStateOf(files, isUploading)}
      data-disabled={disabled ? '' : undefined}
      // A field name goes on a group around the drop zone and its rows, never over the drop zone's own text.
      role={ariaLabel || ariaLabelledBy ? 'group' : undefined}
      aria-label={ariaLabel}
      aria-labelledby={ariaLabelledBy}
    >
      <div
        {...getRootProps({
          role: 'button',
          id: dropzoneId,
          className: 'mu-dropzone',
          'aria-describedby': describedBy,
          'aria-invalid': invalidMessage ? true : undefined,
          'data-drag-active': isDragActive ? '' : undefined,
          'data-mu-dropzone': '',
        })}
      >
        <span className="mu-dropzone-label">{isDragActive ? labels.dropzoneActive : labels.dropzone}</span>
        {/* The name comes from this text: without the space it read "…to chooseImage, video…" where no CSS applies. */}{' '}
        <span className="mu-dropzone-hint">{hint}</span>
      </div>
      {/* A sibling, not a child, of the drop zone: a button may not contain focusable controls. */}
      <input {...getInputProps({ className: 'mu-file-input' })} />
      <FormValue
        name={name}
        values={field.values}
        required={required}
        disabled={disabled}
        validationMessage={validationMessage}
        onInvalid={() => setInvalidShown(true)}
        focusTarget={focusDropzone}
      />
      {invalidMessage && (
        <p className="mu-invalid" id={invalidId}>
          {invalidMessage}
        </p>
      )}
      {(files.length > 0 || field.existing.length > 0) && (
        <ul className="mu-files" aria-label={labels.fileList}>
          {field.existing.map((item) => (
            <ExistingValueRow
              key={`existing:${item}`}
              value={item}
              labels={labels}
              disabled={disabled}
              onRemove={removeValue}
            />
          ))}
          {files.map((file) => (
            <FileRow
              key={file.id}
              file={file}
              labels={labels}
              disabled={disabled}
              onCancel={cancel}
              onRetry={retry}
              onRemove={removeFile}
            />
          ))}
        </ul>
      )}
      <div className="mu-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
