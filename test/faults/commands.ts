// Browser commands of the `faults` project (they run in Node, next to Playwright): real offline and online.
// context.setOffline would also cut vitest's own websocket, so the browser is told it is offline through CDP
// (navigator.onLine, the offline and online events) while Playwright fails every request to the fault origin.
import type { CDPSession, Page } from 'playwright';
import type { BrowserCommand } from 'vitest/node';

// One session per page, kept: an override ends with the session that set it.
const sessions = new WeakMap<Page, Promise<CDPSession>>();

export const setNetwork: BrowserCommand<[online: boolean, origin: string]> = async ({ page, context }, online, origin) => {
  if (!sessions.has(page)) sessions.set(page, context.newCDPSession(page).then(async (cdp) => (await cdp.send('Network.enable'), cdp)));
  const cdp = await sessions.get(page)!;
  // Experimental in the protocol, present in Debian's Chromium: only the page's idea of the network changes.
  await cdp.send('Network.overrideNetworkState' as 'Network.enable', {
    offline: !online,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  } as never);
  // Only the uploader's requests fail: the test still reads the server's log while "offline".
  const patterns = [`${origin}/presign`, `${origin}/bucket/**`];
  for (const pattern of patterns) {
    if (online) await context.unroute(pattern);
    else await context.route(pattern, (route) => route.abort('internetdisconnected'));
  }
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    setNetwork: (online: boolean, origin: string) => Promise<void>;
    writeFaultReport: (seed: number, text: string) => Promise<void>;
  }
}

/** Keeps a run's table where scripts/test-faults.mjs prints it from, after vitest's own output. */
export const writeFaultReport: BrowserCommand<[seed: number, text: string]> = async ({ project }, seed, text) => {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const dir = `${project.config.root}/test-results/faults`;
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/seed-${seed}.txt`, text);
};

