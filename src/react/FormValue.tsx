// The uploader's part in a form: one hidden input per value, and a nameless validation input that lets the
// browser's own constraint validation block a submit while uploads run (or when required and empty). A form with
// `noValidate` (form libraries, UI kits) is blocked too: its submit event is stopped before React's onSubmit.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Uploader } from '../core/types';
import { endAtUnmount } from './endAtUnmount';
import { useUploaderSelector } from './useUpload';

// useLayoutEffect so the validity is set before a click on submit can be handled; no-op on the server.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

export interface FormValueProps {
  name: string | undefined;
  /** The field's values are read from the store here, so a new value re-renders this part, not the widget. */
  uploader: Uploader;
  required: boolean;
  disabled: boolean;
  /** Why the field is invalid (uploads still running, nothing uploaded while required), or ''. */
  validationMessage: string;
  /** Called when the field was found invalid (the browser's report, or a blocked submit). */
  onInvalid: (message: string) => void;
  /** Moves focus where the hidden validation input would have taken it (the drop zone). */
  focusTarget: () => void;
  /** The form was reset (useUpload's `reset`). */
  onReset: () => void;
}

export function FormValue(props: FormValueProps) {
  const { name, uploader, required, disabled, validationMessage, onInvalid, focusTarget } = props;
  const values = useUploaderSelector(uploader, (snapshot) => snapshot.value);
  const validation = useRef<HTMLInputElement>(null);
  const latest = useRef(props);
  latest.current = props;

  useIsomorphicLayoutEffect(() => {
    validation.current?.setCustomValidity(validationMessage);
  }, [validationMessage]);

  // The form the input is in now, read after every commit: a listener bound once stayed on the first form when the
  // uploader's DOM moved into another one (a dialog library) without a remount.
  // Set only when it changed: a state update in every commit's layout effect made a second commit each time.
  const [form, setForm] = useState<HTMLFormElement | null>(null);
  const formNow = useRef<HTMLFormElement | null>(null);
  useIsomorphicLayoutEffect(() => {
    const current = validation.current?.form ?? null;
    if (current === formNow.current) return;
    formNow.current = current;
    setForm(current);
  });

  // A hidden widget (<Activity mode="hidden">) is still in its form: its submit and reset are still heard, and its
  // validity, set by the layout effect above while shown, follows the store. All of it ends at the unmount.
  const shown = useRef(() => {});
  useEffect(() => {
    shown.current();
    shown.current = () => {};
    if (!form) return;
    // Capture on the form runs before React's root listener dispatches onSubmit (react-hook-form's handleSubmit):
    // a pending upload or an empty required field never lets a stale or missing value through. The store's snapshot
    // is read, not the last render's: a drop's rows (and so its "pending") render up to 100 ms later, and a submit
    // in between passed with the old value, natively validated forms too (the validity set at that render).
    const onSubmit = (event: SubmitEvent) => {
      const { uploader: store, disabled: off } = latest.current;
      const message = store.getSnapshot().validationMessage;
      if (!message || off) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      latest.current.onInvalid(message);
      latest.current.focusTarget();
    };
    // A reset (the user's, or React 19's after a form action) empties the field as it empties the other fields.
    const onReset = () => latest.current.onReset();
    form.addEventListener('submit', onSubmit, true);
    form.addEventListener('reset', onReset);
    const input = validation.current;
    return () => {
      const store = latest.current.uploader;
      const follow = () => input?.setCustomValidity(store.getSnapshot().validationMessage);
      const unfollow = store.subscribe(follow);
      const remove = () => {
        unfollow();
        form.removeEventListener('submit', onSubmit, true);
        form.removeEventListener('reset', onReset);
      };
      const stop = endAtUnmount(input, remove);
      shown.current = () => (stop(), remove());
    };
  }, [form]);

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
