// The ready-made widget, composed only from the public useUpload: anything it does, a custom UI can do. It reads
// only lists that change when files come and go; each row subscribes to its own file.
import { forwardRef, useCallback, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type FocusEvent } from 'react';
import { DEFAULT_ACCEPT, parseAccept } from '../core/accept';
import { describeAccept } from '../core/describeAccept';
import { formatBytes } from '../core/formatBytes';
import type { UploaderSnapshot, UploadOptions } from '../core/types';
import { DEFAULT_MAX_SIZE } from '../core/validate';
import { ExistingValueRow, FileRow } from './FileRow';
import { FormValue } from './FormValue';
import { defaultLabels, type Labels } from './labels';
import { useAnnouncer } from './useAnnouncer';
import { shallowEqual, useUploaderSelector, useUpload } from './useUpload';

/** Overrides for `labels`: any entry, and any status word on its own. */
export type LabelOverrides = Partial<Omit<Labels, 'status'>> & { status?: Partial<Labels['status']> };

export interface MediaUploaderProps extends UploadOptions {
  /** The form field: one hidden input of this name per uploaded file, in file order. */
  name?: string;
  /** Overrides for every visible or announced string. */
  labels?: LabelOverrides;
  /** On the root element. */
  className?: string;
  /** The drop zone's id. */
  id?: string;
  /** Called when focus leaves the uploader (a form library's "touched"). */
  onBlur?: () => void;
  /** Called with true when uploads start and false when none is left running (also shown as `data-pending`). */
  onPendingChange?: (pending: boolean) => void;
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

function rootStateOf(snapshot: UploaderSnapshot): RootState {
  if (snapshot.isUploading) return 'uploading';
  if (snapshot.files.some((file) => file.status === 'error')) return 'error';
  if (snapshot.files.some((file) => file.status === 'done')) return 'done';
  return 'idle';
}

function useMergedLabels(overrides: LabelOverrides | undefined): Labels {
  // Inline `labels={{ … }}` is a new object every render; re-merge only when an entry changed,
  // so memoized rows keep skipping changes of other files.
  const last = useRef<{ overrides: LabelOverrides | undefined; merged: Labels } | null>(null);
  const previous = last.current;
  if (previous && shallowEqual({ ...previous.overrides }, { ...overrides })) return previous.merged;
  const merged = { ...defaultLabels, ...overrides, status: { ...defaultLabels.status, ...overrides?.status } } as Labels;
  last.current = { overrides, merged };
  return merged;
}

/** The ids of the rows' error sentences, for the drop zone's description while a file of it is in error. The store's
 * file ids (`f1`, `f2`…) hold no space, so they can go in an ID list as they are. */
const errorIdOf = (prefix: string, fileId: string) => `${prefix}-error-${fileId}`;

/** Which copy of its value the value at `index` is: 0 for the first, 1 for the next one equal to it... */
const copyOf = (values: readonly string[], index: number) => values.slice(0, index).filter((value) => value == values[index]).length;

export const MediaUploader = /* @__PURE__ */ forwardRef<HTMLDivElement | null, MediaUploaderProps>(function MediaUploader(props, ref) {
  const {
    name,
    labels: labelOverrides,
    className,
    id,
    onBlur,
    onPendingChange,
    'aria-label': ariaLabel,
    'aria-labelledby': ariaLabelledBy,
    'aria-describedby': ariaDescribedBy,
    ...options
  } = props;
  const labels = useMergedLabels(labelOverrides);
  const validationMessages = useMemo(() => ({ pending: labels.pendingUploads, required: labels.required }), [labels]);
  const upload = useUpload({ ...options, validationMessages });
  const { uploader, fileIds, existingValues, isUploading, validationMessage, isDragActive } = upload;
  const disabled = options.disabled ?? false;
  const multiple = options.multiple ?? false;
  const rootState = useUploaderSelector(uploader, rootStateOf);

  const generatedId = useId();
  const dropzoneId = id ?? `${generatedId}-dropzone`;
  const invalidId = `${generatedId}-invalid`;
  const labelId = `${generatedId}-label`;
  const hintId = `${generatedId}-hint`;
  // A string, so the widget re-renders only when the set of files in error changes. The first three: the drop zone's
  // description is read on every focus (60 refused files made it 3,200 characters); the rest are in their rows.
  const errorIds = useUploaderSelector(uploader, (snapshot) =>
    snapshot.files.filter((file) => file.status === 'error').slice(0, 3).map((file) => errorIdOf(generatedId, file.id)).join(' '),
  );
  const dropzone = useRef<HTMLDivElement>(null);
  // A form library focuses the field with an error through its ref: that is the drop zone.
  useImperativeHandle(ref, () => dropzone.current!, []);
  const [invalidShown, setInvalidShown] = useState(false);
  const invalidMessage = invalidShown ? validationMessage : '';
  // Shown after the field was found invalid (a submit); once valid again it waits for the next report. Set during
  // render, and only when it changes: a same-value setState from an effect leaves an update at the default priority
  // that the next flushSync render skips, and React then renders the widget once more in a task (two commits a frame).
  if (invalidShown && !validationMessage) setInvalidShown(false);
  const pendingChange = useRef(onPendingChange);
  pendingChange.current = onPendingChange;
  const wasPending = useRef(false);
  // From an effect while shown, from FormValue's store listener while hidden (<Activity>: no effect runs then).
  const reportPending = useCallback((pending: boolean) => {
    if (wasPending.current === pending) return;
    wasPending.current = pending;
    pendingChange.current?.(pending);
  }, []);
  useEffect(() => reportPending(isUploading), [isUploading, reportPending]);

  // The live region is written by the announcer (timers, no React commit): see useAnnouncer.
  const [liveRegion, removed] = useAnnouncer(uploader, labels);

  // Worked out as the widget renders, which it does only when files come and go (inline `accept` arrays were new anyway).
  const hint = labels.hint({
    accept: describeAccept(parseAccept(options.accept ?? DEFAULT_ACCEPT)),
    maxSize: formatBytes(options.maxSize ?? DEFAULT_MAX_SIZE),
    multiple,
  });
  // A row that goes (its Remove, or replaced) takes its focused button with it: focus goes to the drop zone, not <body>.
  // An earlier value's row says it left (a file's Remove is said from the store): the drop zone's name alone did not.
  // Also the field's hand-over of the browser's report focus (FormValue), with no sentence: nothing is said.
  const focusDropzone = useCallback((row?: Node, said?: string) => (dropzone.current?.focus(), removed(row, said)), []);
  // A <label for={id}> (form libraries, UI kits) named nothing and opened nothing: a div is no labelable element. Its
  // words now go before the drop zone's own in its name (an id is given to a label without one), found after every
  // commit; the document's labels, as the drop target's paste and focus checks read the document (no shadow root).
  useEffect(() => {
    const zone = dropzone.current!;
    // A click on such a label clicks the zone as a label clicks its control: once the click's dispatch is over, and not
    // when any listener prevented it (an app's React onClick runs at its root, after a listener on the label) nor when it
    // was on a control inside the label (a help link, the widget's own Remove); a stopped click still counts. Heard at
    // the window, first, so a label rendered after this commit works at once. Chromium and Firefox open the picker from
    // that timer (measured: still within the click's user activation).
    const click = (event: Event) =>
      ((event.target as Element).closest?.('a,button,input,select,textarea,label,[role=button]') as HTMLLabelElement | null)?.htmlFor == dropzoneId &&
      setTimeout(() => event.defaultPrevented || (zone.focus(), zone.click()));
    addEventListener('click', click, true);
    zone.setAttribute('aria-labelledby', [...[...document.querySelectorAll('label')].filter((label) => label.htmlFor == dropzoneId).map((label, i) => (label.id ||= labelId + i)), labelId].join(' '));
    return () => removeEventListener('click', click, true);
  });
  const onFocusOut = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onBlur?.();
  };
  // The name is the instruction only; the invalid message, the errors, the hint and the app's help describe it.
  const describedBy = [invalidMessage ? invalidId : null, errorIds, hintId, ariaDescribedBy].filter(Boolean).join(' ');

  return (
    <div
      className={className ? `mu ${className}` : 'mu'}
      data-state={rootState}
      data-disabled={disabled ? '' : undefined}
      data-pending={isUploading ? '' : undefined}
      // A field name goes on a group around the drop zone and its rows, never over the drop zone's own text.
      role={ariaLabel || ariaLabelledBy ? 'group' : undefined}
      aria-label={ariaLabel}
      aria-labelledby={ariaLabelledBy}
      onBlur={onFocusOut}
    >
      <div
        {...upload.getRootProps({
          ref: dropzone,
          role: 'button',
          id: dropzoneId,
          className: 'mu-dropzone',
          'aria-labelledby': labelId,
          'aria-describedby': describedBy,
          'aria-invalid': invalidMessage || errorIds ? true : undefined,
          'data-drag-active': isDragActive ? '' : undefined,
          'data-mu-dropzone': '',
        })}
      >
        <span className="mu-dropzone-label" id={labelId}>
          {isDragActive ? labels.dropzoneActive : labels.dropzone}
        </span>
      </div>
      {/* The hint is the drop zone's description, outside it: inside, its visible text would belong to the button's
          name, and a name of the label alone would not match what is shown (axe label-content-name-mismatch). */}
      <p className="mu-dropzone-hint" id={hintId}>
        {hint}
      </p>
      {/* A sibling, not a child, of the drop zone: a button may not contain focusable controls. */}
      <input {...upload.getInputProps({ className: 'mu-file-input' })} />
      <FormValue
        name={name}
        uploader={uploader}
        required={options.required ?? false}
        disabled={disabled}
        validationMessage={validationMessage}
        onInvalid={() => setInvalidShown(true)}
        focusTarget={focusDropzone}
        // A reset starts the form over: its invalid message waits for the next submit, as the browser's own does.
        onReset={() => (setInvalidShown(false), upload.reset())}
        onPending={reportPending}
      />
      {invalidMessage && (
        <p className="mu-invalid" id={invalidId}>
          {invalidMessage}
        </p>
      )}
      {fileIds.length + existingValues.length > 0 && (
        <ul className="mu-files" aria-label={labels.fileList}>
          {/* By value and copy (an app's value may hold the same URL twice), not by place: when the app drops a value,
              the rows after it keep their elements, and the focus in them (a remounted row said it was removed). */}
          {existingValues.map((item, index) => (
            <ExistingValueRow key={`${copyOf(existingValues, index)}:${item}`} value={item} labels={labels} disabled={disabled} onRemove={uploader.removeValue} onGone={focusDropzone} />
          ))}
          {fileIds.map((fileId) => (
            <FileRow
              key={fileId}
              uploader={uploader}
              id={fileId}
              errorId={errorIdOf(generatedId, fileId)}
              labels={labels}
              disabled={disabled}
              onGone={focusDropzone}
            />
          ))}
        </ul>
      )}
      <div ref={liveRegion} className="mu-visually-hidden" role="status" aria-live="polite" aria-atomic="true" />
    </div>
  );
});
