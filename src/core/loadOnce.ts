// A module behind import(), kept once loaded. An import() of a module already loaded is not free: Chromium answers it
// a task later, with a task for each module that one imports (prepareStep's chunk: about five, for every file).
// Only a loaded module is kept: a load that failed is asked for again next time (browsers that keep a failed module
// fetch, as Chromium, Firefox and Safari still do, fail it again at once until the page reloads).
export function loadOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let loaded: M | undefined;
  return async () => (loaded ??= await load());
}
