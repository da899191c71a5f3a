// Chromium's own accessibility tree, read over CDP: what a screen reader is given, beside Playwright's and
// testing-library's readings of the page. Chromium only (cdp() throws elsewhere): callers check server.browser.
import { cdp } from 'vitest/browser';

/** The buttons' names in Chromium's own accessibility tree, in the test's frame. */
export async function chromiumButtonNames(): Promise<string[]> {
  const { frameTree } = await cdp().send('Page.getFrameTree');
  const names: string[] = [];
  for (const { frame } of frameTree.childFrames ?? []) {
    const { nodes } = await cdp().send('Accessibility.getFullAXTree', { frameId: frame.id });
    for (const node of nodes) if (node.role?.value === 'button' && !node.ignored) names.push(String(node.name?.value));
  }
  return names;
}
