// App callbacks (onUploaded, onError, onChange) run through here, and presign ahead's passes (presignAhead.ts inATask).
/** An app callback that throws cannot stall the queue; the error still reaches the app's error reporting. */
export function callApp(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    // reportError where there is one (window.onerror, the console); Node has none. A global's function needs no `this`.
    (globalThis.reportError ?? console.error)(error);
  }
}
