// App callbacks (onUploaded, onError, onChange) run through here.
/** An app callback that throws cannot stall the queue; the error still reaches the app's error reporting. */
export function callApp(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    if (typeof reportError === 'function') reportError(error);
    else console.error(error);
  }
}
