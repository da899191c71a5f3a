import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { webkitProvider } from './test/webkit/provider.js';
import * as faultCommands from './test/faults/commands.js';
import * as webkitCommands from './test/webkit/commands.js';

// Headless flags measured on these machines: without the networking ones Chromium keeps dialing out.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const root = import.meta.dirname;

type Engine = 'chromium' | 'firefox';

// Debian's browsers, never downloaded ones: Chromium (CHROMIUM_PATH) and Firefox ESR (FIREFOX_PATH) over WebDriver BiDi.
const launchOptions = (engine: Engine) =>
  engine === 'chromium'
    ? { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs }
    : { channel: 'moz-firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr' };

// One file at a time on any machine (fileParallelism: false). On 2 cores vitest has one worker and runs them so anyway;
// with 3 or more cores (a developer's laptop) or --maxWorkers it ran files in parallel pages, and they share the
// loopback storage that globalSetup.ts starts, which each test resets (freshStorageEachTest): Chromium with
// --maxWorkers=2 failed 3 tests of activity and upload (another file's PUTs and resets in their counts). In Firefox only
// one page of a window has focus as well: a focus test in another page fails or checks nothing (--maxWorkers=2: 11
// tests of 5 files failed). Playwright gives every Chromium page focus; WebKit's driver runs one page.
function browserProject(name: string, include: string[], engine: Engine = 'chromium') {
  return {
    extends: true as const,
    test: {
      name,
      include,
      globalSetup: ['test/browser/globalSetup.ts'],
      testTimeout: 30_000,
      // Only vitest's own harness race is retried: under load its playwright provider can give up after 1 s looking
      // for the test iframe ("This is a bug in Vitest"; fixed upstream after the pinned 5.1.0, vitest PR #10497).
      // Any other failure fails at once.
      retry: { count: 2, condition: /Cannot find "vitest-iframe" on the page/ },
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({ launchOptions: launchOptions(engine) }),
        instances: [{ browser: engine, fileParallelism: false }],
      },
    },
  };
}

export default defineConfig({
  plugins: [react()],
  // Known before the first browser test imports it: a dependency found later makes Vite reload the page, and that
  // test file fails to import ("Failed to fetch dynamically imported module").
  optimizeDeps: { include: ['react-dom/client'] },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/component/**/*.test.{ts,tsx}'],
          setupFiles: ['test/component/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/testing/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Checks the built and packed package: scripts/test.mjs builds before it runs vitest.
          name: 'package',
          environment: 'node',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // README's ts/tsx blocks type-checked against the public entries (one tsc run over all of them).
          name: 'docs',
          environment: 'node',
          include: ['test/docs/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/**/*.test-d.{ts,tsx}'],
            tsconfig: 'tsconfig.json',
          },
        },
      },
      {
        extends: true,
        test: {
          // The `npm start` demo driven end to end in Chromium (playwright from Node).
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      browserProject('browser', ['test/browser/**/*.test.{ts,tsx}']),
      // The same real-browser upload flows against the built package (dist/, which npm test builds first).
      {
        ...browserProject('browser-built', ['test/browser/upload.test.tsx']),
        resolve: { alias: [{ find: /^\.\.\/\.\.\/src\/index$/, replacement: resolve(root, 'dist/index.js') }] },
      },
      // Firefox ESR: every shared browser test, as in Chromium (forms, focus, drop and paste, accessible names, live
      // region, offline, layout and contrast, React commits, upload flows). What Firefox cannot run says why in its test.
      browserProject('browser-firefox', ['test/browser/**/*.test.{ts,tsx}'], 'firefox'),
      // The seeded fault run against a misbehaving loopback server: short by default, FAULTS=full for 200 files.
      {
        extends: true as const,
        test: {
          ...browserProject('faults', ['test/faults/**/*.test.{ts,tsx}']).test,
          globalSetup: ['test/faults/globalSetup.ts'],
          testTimeout: 900_000,
          browser: { ...browserProject('faults', []).test.browser, commands: faultCommands },
        },
      },
      // `npm start` end to end in WebKitGTK, driven with webdriverio from Node (test/webkit/demo.e2e.test.ts).
      {
        extends: true as const,
        test: {
          name: 'e2e-webkit',
          environment: 'node',
          include: ['test/webkit/**/*.e2e.test.ts'],
          globalSetup: ['test/webkit/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      // WebKitGTK (Safari's engine) through WebKitWebDriver under Xvfb: Playwright drives only its own patched WebKit.
      // Every shared browser test, as in Chromium; test/webkit/setup.ts skips the few WebKit cannot run, with why.
      {
        extends: true as const,
        test: {
          name: 'browser-webkit',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          setupFiles: ['test/webkit/setup.ts'], // the few shared tests WebKit cannot run as written, with why
          globalSetup: ['test/browser/globalSetup.ts', 'test/webkit/globalSetup.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: false, // MiniBrowser has no headless mode: it draws on globalSetup's Xvfb display
            screenshotFailures: false,
            provider: webkitProvider(),
            instances: [{ browser: 'safari' as const }],
            commands: webkitCommands, // pickFile: a file chosen as WebDriver chooses one, by its path
          },
        },
      },
    ],
  },
});
