// A module behind import(), kept once loaded. An import() of a module already loaded is not free: Chromium answers it
// a task later, with a task for each module that one imports (prepareStep's chunk: about five, for every file).
// Only a loaded module is kept: a load that failed (a page offline at its first use) is asked for again next time.
export function loadOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let loaded: M | undefined;
  return async () => (loaded ??= await load());
}
