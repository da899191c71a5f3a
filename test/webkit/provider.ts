// The webdriverio provider for WebKitGTK (Debian's MiniBrowser through WebKitWebDriver, which globalSetup.ts starts).
import { webdriverio } from '@vitest/browser-webdriverio';

export const webkitDriverPath = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const miniBrowserPath = process.env.WEBKIT_MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The capabilities that start Debian's MiniBrowser under WebKitWebDriver. */
export const webkitCapabilities = {
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
};

/** WebKitWebDriver refuses `browserName: "safari"`, which the provider always sets: drop it from the new session. */
export function withoutBrowserName(request: RequestInit): RequestInit {
  if (typeof request.body !== 'string' || !request.body.includes('"capabilities"')) return request;
  const body = JSON.parse(request.body) as { capabilities?: { alwaysMatch?: Record<string, unknown>; firstMatch?: Record<string, unknown>[] } };
  delete body.capabilities?.alwaysMatch?.browserName;
  for (const match of body.capabilities?.firstMatch ?? []) delete match.browserName;
  return { ...request, body: JSON.stringify(body) };
}

export function webkitProvider() {
  return webdriverio({
    hostname: '127.0.0.1',
    // A getter: the driver's free port is known only once globalSetup.ts has started it.
    get port() {
      return Number(process.env.MU_WEBKIT_DRIVER_PORT);
    },
    transformRequest: withoutBrowserName,
    capabilities: webkitCapabilities,
  } as Parameters<typeof webdriverio>[0]);
}
