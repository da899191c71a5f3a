// Whether a row has come near the viewport once: its thumbnail is made only then. Making one is a synchronous call
// into the browser (URL.createObjectURL, about 1 ms) plus an image load and decode, so a list of hundreds of uploads
// pays for the rows someone can see. The rows have `content-visibility: auto` (styles.css): the browser tells each
// one when it becomes relevant, at no cost per frame; elsewhere one IntersectionObserver serves every row.
import { useEffect, useRef, useState, type RefObject } from 'react';

const STATE_CHANGE = 'contentvisibilityautostatechange';
const waiting = new Map<Element, () => void>();
let observer: IntersectionObserver | null = null;

/** Whether rows get content-visibility: auto (the widget's stylesheet): asked of the first row only, since each
 * getComputedStyle recalculates the page's style, and twenty new rows did it twenty times in one frame. */
let rowsSkipContent: boolean | undefined;

function whenSeen(element: Element, seen: () => void): () => void {
  rowsSkipContent ??= `on${STATE_CHANGE}` in element && getComputedStyle(element).contentVisibility === 'auto';
  if (rowsSkipContent) {
    const listener = (event: Event) => {
      if (!(event as Event & { skipped: boolean }).skipped) seen();
    };
    element.addEventListener(STATE_CHANGE, listener);
    return () => element.removeEventListener(STATE_CHANGE, listener);
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        waiting.get(entry.target)?.();
        observer!.unobserve(entry.target);
        waiting.delete(entry.target);
      }
    },
    // A screen ahead, so a row scrolled to has its thumbnail already.
    { rootMargin: '100% 0px' },
  );
  waiting.set(element, seen);
  observer.observe(element);
  return () => {
    waiting.delete(element);
    observer?.unobserve(element);
  };
}

/**
 * True when `wanted` and `ref`'s element has been near the viewport at least once (always, where nothing can tell).
 * Becoming seen re-renders only a row that wants it at that moment: a row that wants it later reads it as it renders.
 */
export function useSeen(ref: RefObject<Element | null>, wanted: boolean): boolean {
  const seen = useRef(typeof IntersectionObserver === 'undefined');
  const wantedNow = useRef(wanted);
  wantedNow.current = wanted;
  const [, rerender] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (seen.current || !element) return;
    const stop = whenSeen(element, () => {
      if (seen.current) return;
      seen.current = true;
      stop();
      if (wantedNow.current) rerender((n) => n + 1);
    });
    return stop;
  }, [ref]);
  return wanted && seen.current;
}
