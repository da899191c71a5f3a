// The uploader's part in a form: one hidden input per value, and a nameless validation field that lets the
// browser's own constraint validation block a submit while uploads run (or when required and empty). A form with
// `noValidate` (form libraries, UI kits) is blocked too: its submit event is stopped before React's onSubmit.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
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
  /** Called when the field was reported invalid (a submit, the browser's report), not when only checked. */
  onInvalid: () => void;
  /** Moves focus where the hidden validation field would have taken it (the drop zone). */
  focusTarget: () => void;
  /** The form was reset (useUpload's `reset`): the store the field uses from then on. */
  onReset: () => Uploader;
  /** Whether uploads run, heard from the store while the widget is hidden (its own effects run only while shown). */
  onPending: (pending: boolean) => void;
}

export function FormValue(props: FormValueProps) {
  const { name, uploader, required, disabled, validationMessage, onInvalid, focusTarget } = props;
  const values = useUploaderSelector(uploader, (snapshot) => snapshot.value);
  const validation = useRef<HTMLTextAreaElement>(null);
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

  // A hidden widget (<Activity mode="hidden">) is still in its form: its submit and reset are still heard, and what the
  // widget's effects do while shown follows the store instead (validity, pending), the store a reset makes meanwhile
  // too. All of it ends at the unmount (endAtUnmount.ts).
  const shown = useRef(() => {});
  useEffect(() => {
    shown.current();
    const input = validation.current;
    /** Set while hidden. */
    let unfollow: (() => void) | null = null;
    const store = () => latest.current.uploader;
    const follow = () => {
      const { validationMessage: message, isUploading } = store().getSnapshot();
      input?.setCustomValidity(message);
      latest.current.onPending(isUploading);
    };
    const listen = () => {
      unfollow?.();
      unfollow = store().subscribe(follow);
    };
    // Capture on the form runs before React's root listener dispatches onSubmit (react-hook-form's handleSubmit):
    // a pending upload or an empty required field never lets a stale or missing value through. The store's snapshot
    // is read, not the last render's: a drop's rows (and so its "pending") render up to 100 ms later, and a submit
    // in between passed with the old value, natively validated forms too (the validity set at that render).
    // The store hears an upload done at once, the field's inputs at the next render (a frame later, or when React gets
    // to a widget <Activity> hides): a submit in between waits for them, and is made again as the user made it.
    const rendered = () => input!.value === store().getSnapshot().value.join(' ');
    const onSubmit = (event: SubmitEvent) => {
      const message = store().getSnapshot().validationMessage;
      // An input out of the document: the widget was unmounted while hidden, and blocks nothing any more.
      if (latest.current.disabled || !input?.isConnected || (!message && rendered())) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!message) {
        const again = () => input.isConnected && (rendered() ? form!.requestSubmit(event.submitter ?? undefined) : setTimeout(again, 20));
        return void setTimeout(again);
      }
      // Rendered before the drop zone takes focus: a screen reader reads its description once, as focus arrives. Only
      // here, outside React's events: the textarea's onInvalid below is one of React's (rendered at its end), and an
      // app's checkValidity() in an effect fires it, where flushSync is an error.
      flushSync(latest.current.onInvalid);
      latest.current.focusTarget();
    };
    // A reset (the user's, or React 19's after a form action) empties the field as it empties the other fields. Its
    // new store is read at once: it is rendered later (when React gets to a hidden widget).
    const onReset = () => {
      latest.current = { ...latest.current, uploader: latest.current.onReset() };
      if (unfollow) listen();
      follow();
    };
    form?.addEventListener('submit', onSubmit, true);
    form?.addEventListener('reset', onReset);
    const remove = () => {
      unfollow?.();
      form?.removeEventListener('submit', onSubmit, true);
      form?.removeEventListener('reset', onReset);
    };
    return () => {
      listen();
      const stop = endAtUnmount(input, remove);
      shown.current = () => (stop(), remove(), (shown.current = () => {}));
    };
  }, [form]);

  return (
    <>
      {name !== undefined &&
        values.map((item, index) => <input key={`${index}:${item}`} type="hidden" name={name} value={item} />)}
      {/* type=hidden inputs are barred from constraint validation, so a visually hidden field without a name carries
          it (Radix's "bubble input"); readOnly would bar it too, hence onChange. A textarea: a text input would be a
          second text field in the form, and Enter in the app's only one would no longer submit it (HTML's implicit
          submission). */}
      <textarea
        ref={validation}
        className="mu-validation"
        aria-hidden="true"
        tabIndex={-1}
        autoComplete="off"
        disabled={disabled}
        required={required}
        value={values.join(' ')}
        onChange={() => {}}
        // A submit shows the message, an app's checkValidity() does not (browsers show nothing for it): a submit sets
        // the field's user validity before its invalid event (:user-invalid), a check does not (Chromium, Firefox, WebKit).
        onInvalid={(event) => event.currentTarget.matches(':is(:user-invalid)') && onInvalid()}
        // The browser focuses the first invalid control to show its message (a submit, reportValidity()): the widget
        // shows its own, and sends that focus on to the drop zone after the browser's handling of it (moved at once,
        // Firefox never focused the field again: later reports showed nothing and left focus where it was).
        onFocus={() => (onInvalid(), queueMicrotask(focusTarget))}
      />
    </>
  );
}
