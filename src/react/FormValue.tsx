// The uploader's part in a plain <form>: one hidden input per value, and a nameless validation input
// that lets the browser's own constraint validation block a submit while uploads run (or when required).
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

// useLayoutEffect so the validity is set before a click on submit can be handled; no-op on the server.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

export function toArray(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((item) => item !== '');
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

export interface FormValueOptions {
  /** The core's values: done files, in file order (or, without `multiple`, a value kept through a replace). */
  uploaded: readonly string[];
  /** Values of the files listed in the uploader: they have a row of their own. */
  listed: readonly string[];
  /** True while any file is queued, presigning or uploading. */
  pending: boolean;
  multiple: boolean;
  value: string | readonly string[] | undefined;
  defaultValue: string | readonly string[] | undefined;
  onChange: ((value: string | string[]) => void) | undefined;
}

/**
 * The field's values: the controlled `value` when given, else state seeded by `defaultValue`.
 * Values the uploader did not produce (an existing URL) are kept until removed; without `multiple` a new
 * upload replaces the value once it is done, not before (DESIGN: "its value replaces the old value once it is done").
 */
export function useFormValue({ uploaded, listed, pending, multiple, value, defaultValue, onChange }: FormValueOptions) {
  const [uncontrolled, setUncontrolled] = useState(() => toArray(defaultValue));
  const controlled = value !== undefined;
  const current = controlled ? toArray(value) : uncontrolled;
  const previousUploaded = useRef(uploaded);
  const latest = useRef({ current, multiple, controlled, onChange, pending });
  latest.current = { current, multiple, controlled, onChange, pending };

  const commit = (next: string[]) => {
    const state = latest.current;
    if (sameValues(next, state.current)) return;
    if (!state.controlled) setUncontrolled(next);
    state.onChange?.(state.multiple ? next : (next[0] ?? ''));
  };

  useEffect(() => {
    const previous = previousUploaded.current;
    previousUploaded.current = uploaded;
    if (previous === uploaded || sameValues(previous, uploaded)) return;
    const state = latest.current;
    if (state.multiple) {
      // Values from elsewhere stay first; the uploader's follow in file order.
      const kept = state.current.filter((item) => !previous.includes(item) && !uploaded.includes(item));
      commit([...kept, ...uploaded]);
    } else if (uploaded.length > 0) {
      commit([uploaded.at(-1)!]);
    } else if (previous.length > 0 && !state.pending) {
      commit([]); // the done file was removed, and no replacement is on its way
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `latest` carries the rest
  }, [uploaded]);

  /**
   * Values shown as "existing" rows: in the field, but produced by no listed file. A value kept through a
   * failed replacement is one too: the form still sends it, so the user sees it and can remove it.
   */
  const existing = current.filter((item) => !listed.includes(item));
  const removeExisting = (item: string) => commit(latest.current.current.filter((other) => other !== item));
  return { values: current, existing, removeExisting };
}

export interface FormValueProps {
  name: string | undefined;
  values: readonly string[];
  required: boolean;
  disabled: boolean;
  /** Why the field is invalid (uploads still running, nothing uploaded while required), or ''. */
  validationMessage: string;
  /** Called when the browser finds the field invalid (a submit, or reportValidity). */
  onInvalid: (message: string) => void;
  /** Moves focus where the hidden validation input would have taken it (the drop zone). */
  focusTarget: () => void;
}

export function FormValue(props: FormValueProps) {
  const { name, values, required, disabled, validationMessage, onInvalid, focusTarget } = props;
  const validation = useRef<HTMLInputElement>(null);

  useIsomorphicLayoutEffect(() => {
    validation.current?.setCustomValidity(validationMessage);
  }, [validationMessage]);

  return (
    <>
      {name !== undefined &&
        values.map((item, index) => <input key={`${index}:${item}`} type="hidden" name={name} value={item} />)}
      {/* type=hidden inputs are barred from constraint validation, so a visually hidden text input
          without a name carries it (Radix's "bubble input"); readOnly would bar it too, hence onChange. */}
      <input
        ref={validation}
        className="mu-validation"
        type="text"
        aria-hidden="true"
        tabIndex={-1}
        autoComplete="off"
        disabled={disabled}
        required={required}
        value={values.join(' ')}
        onChange={() => {}}
        onInvalid={(event) => onInvalid(event.currentTarget.validationMessage)}
        // The browser focuses the first invalid control to show its message: send that focus to the drop zone.
        onFocus={focusTarget}
      />
    </>
  );
}
