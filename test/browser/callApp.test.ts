// An app callback that throws reaches the page's own error reporting (window "error"), in every engine: callApp calls
// the global reportError without a `this`.
import { expect, test } from 'vitest';
import { callApp } from '../../src/core/callApp';

test('an app callback that throws is reported as an uncaught error would be, and callApp returns', () => {
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    reported.push(event.error);
    event.preventDefault(); // not a failure of this test page
  };
  window.addEventListener('error', listener);
  try {
    const failure = new Error('the app broke');
    callApp(() => {
      throw failure;
    });
    expect(reported).toEqual([failure]);
  } finally {
    window.removeEventListener('error', listener);
  }
});
