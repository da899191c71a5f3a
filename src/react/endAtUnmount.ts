// React cleans up the effects of a component it hides (<Activity mode="hidden">) as it does for one it unmounts, but
// keeps the hidden one's state and DOM, and shows it again later. A widget's element tells the two apart: an unmounted
// widget's has left the document by the time its effects are cleaned up (React removes the DOM first), a hidden one's
// has not, nor has StrictMode's simulated unmount's.

/** How often a hidden widget's element is looked for in the document. */
const HIDDEN_CHECK_MS = 1000;

/**
 * For an effect's clean-up: runs `end` now if the component was unmounted, else (hidden) once `element` is seen out of
 * the document (React cleans up nothing when it unmounts a hidden tree). Without an element, now. Returns what the
 * next set-up of the effect calls, the component being shown again: `end` is then never called.
 */
export function endAtUnmount(element: Element | null | undefined, end: () => void): () => void {
  if (!element?.isConnected) {
    end();
    return () => {};
  }
  const timer = setInterval(() => {
    if (element.isConnected) return;
    clearInterval(timer);
    end();
  }, HIDDEN_CHECK_MS);
  return () => clearInterval(timer);
}
