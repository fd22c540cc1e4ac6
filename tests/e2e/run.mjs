#!/usr/bin/env node
// Browser end-to-end tests: starts the real `zxkh` server on a fresh data
// directory with demo data, drives Debian's chromium through playwright-core,
// runs tests/e2e/*.spec.mjs in file-name order.
//
// Usage (from anywhere):
//   ZXKH_BIN=build/zxkh node tests/e2e/run.mjs [substring ...]
// The optional arguments keep only the spec files whose name contains one.
//
// Prerequisites: `npm ci` and `npm run build` in web/ (web/dist/ is served by
// the server; web/node_modules provides playwright-core), chromium installed.
//
// playwright-core is resolved from web/node_modules with createRequire()
// anchored at web/package.json (found relative to this file), so it works
// from any working directory and needs no NODE_PATH or global install.
// No browser is ever downloaded: executablePath is /usr/bin/chromium.
//
// Environment:
//   ZXKH_BIN             path to the zxkh binary (required unless ZXKH_E2E_BASE_URL)
//   ZXKH_E2E_OUT         output directory (relative to the current directory;
//                        default <repo>/build/test-output/e2e): screenshots,
//                        <spec>-failure.png, <spec>-console.log, server.log,
//                        e2e-results.json
//   ZXKH_E2E_BASE_URL    test an already running server instead of starting one
//                        (for UI development; nothing is started or stopped)
//   ZXKH_CHROMIUM        browser executable (default /usr/bin/chromium)
//   ZXKH_E2E_TIMEOUT_MS  time limit per spec (default 60000)
//
// Spec files export `name` (string), optionally `timeoutMs` (a longer time
// limit for a long flow; the larger of it and ZXKH_E2E_TIMEOUT_MS applies),
// and `async run({ page, context, baseUrl, outDir, expect })`; each spec gets a new browser context (no cookies or
// storage shared between specs) whose baseURL is the server, so
// page.goto('/catalog') works. An uncaught exception in the page fails the
// spec. `expect` is the helper in expect.mjs.
//
// Specs share one server, except a spec that exports `serverArgs` (extra
// `zxkh serve` arguments, e.g. ['--fake-clock', '2026-12-01T08:00:00+08:00']):
// it gets a server of its own, started for it alone with those arguments on
// a fresh data directory (demo data, port 0 + port file like the shared
// one), logging to server-<spec file>.log, and always stopped after it — so
// what it does (moving a fake clock) touches no other spec. The shared
// server is started only when a selected spec needs it. With
// ZXKH_E2E_BASE_URL such a spec still needs ZXKH_BIN for its own server.
//
// Output: one line per spec, `ok - name (N ms)` or `not ok - name: reason`,
// then `e2e: N passed, M failed`; exit status 0 only when every spec passed
// (and at least one ran). e2e-results.json holds the counts and per-spec
// results. The server is always stopped (SIGTERM, SIGKILL after 5 s) and
// the temporary data/profile directories are always removed.

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from './expect.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WEB = path.join(REPO, 'web');
const DIST = path.join(WEB, 'dist');

const CHROMIUM = process.env.ZXKH_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SERVER_START_TIMEOUT_MS = 30_000;
const SERVER_STOP_GRACE_MS = 5_000;
const SPEC_TIMEOUT_MS = Number(process.env.ZXKH_E2E_TIMEOUT_MS) || 60_000;

const outDir = process.env.ZXKH_E2E_OUT
  ? path.resolve(process.cwd(), process.env.ZXKH_E2E_OUT)
  : path.join(REPO, 'build', 'test-output', 'e2e');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function safeName(name) {
  return String(name).replace(/[^\w.-]+/g, '_');
}

function oneLine(err) {
  const text = err instanceof Error ? err.message : String(err);
  // Playwright messages carry a multi-line call log; keep the first line.
  return text.split('\n').map((s) => s.trim()).filter(Boolean)[0] || 'unknown error';
}

function tail(file, lines = 20) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8').trimEnd();
  } catch {
    // unreadable: reported as empty
  }
  return text ? text.split('\n').slice(-lines).join('\n') : '(empty)';
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function loadPlaywright() {
  const requireFromWeb = createRequire(path.join(WEB, 'package.json'));
  try {
    return requireFromWeb('playwright-core');
  } catch (err) {
    throw new Error(`cannot load playwright-core from ${WEB}/node_modules (run "npm ci" in web/): ${oneLine(err)}`);
  }
}

// ---------------------------------------------------------------- resources
// Everything started or created here is released by cleanup(), which runs on
// normal exit, on failure and on SIGINT/SIGTERM; an 'exit' hook is the last
// resort (synchronous SIGKILL + rm).

let tmpRoot = null;
const servers = new Set(); // running ChildProcesses (shared and per-spec)
let browser = null;
let cleanupPromise = null;

function alive(child) {
  return child !== null && child.exitCode === null && child.signalCode === null;
}

function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopServer(child) {
  if (alive(child)) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, SERVER_STOP_GRACE_MS))) {
      console.log(`# server did not stop within ${SERVER_STOP_GRACE_MS} ms of SIGTERM; sending SIGKILL`);
      child.kill('SIGKILL');
      await waitForExit(child, SERVER_STOP_GRACE_MS);
    }
  }
  servers.delete(child);
}

function cleanup() {
  cleanupPromise ??= (async () => {
    if (browser) {
      await withTimeout(browser.close(), 10_000, 'closing the browser').catch((err) =>
        console.log(`# ${oneLine(err)}`),
      );
      browser = null;
    }
    for (const child of [...servers]) await stopServer(child);
    if (tmpRoot) {
      fs.rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 3 });
      tmpRoot = null;
    }
  })();
  return cleanupPromise;
}

process.on('exit', () => {
  for (const child of servers) if (alive(child)) child.kill('SIGKILL');
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

// A spec that fails early may leave a Playwright promise (waitForResponse…)
// rejecting later; that must not kill the runner before it cleans up.
process.on('unhandledRejection', (err) => {
  console.log(`# unhandled rejection (ignored): ${oneLine(err)}`);
});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    console.log(`# ${signal}: stopping`);
    cleanup().finally(() => process.exit(code));
  });
}

// ---------------------------------------------------------------- server

// Starts `zxkh serve --demo` (plus `extraArgs`) on a fresh data directory
// under tmpRoot/`label`, logging to outDir/`logName`; resolves to
// { baseUrl, child } once /healthz answers.
async function startServer(label = 'shared', extraArgs = [], logName = 'server.log') {
  const bin = process.env.ZXKH_BIN;
  if (!bin) throw new Error('ZXKH_BIN is not set (path to the zxkh binary)');
  const binPath = path.resolve(process.cwd(), bin);
  try {
    fs.accessSync(binPath, fs.constants.X_OK);
  } catch {
    throw new Error(`ZXKH_BIN is not an executable file: ${binPath}`);
  }
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing (run "npm run build" in web/)`);
  }

  const root = path.join(tmpRoot, safeName(label));
  const dataDir = path.join(root, 'data');
  const portFile = path.join(root, 'port');
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(outDir, logName);
  const logFd = fs.openSync(logFile, 'w');
  // Every spec logs in from 127.0.0.1: per-address limits would throttle the suite.
  const args = ['serve', '--port', '0', '--data', dataDir, '--demo', '--port-file', portFile, '--web', DIST,
    '--rate-limits', 'off', ...extraArgs];
  let server;
  try {
    server = spawn(binPath, args, {
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, TMPDIR: path.join(tmpRoot, 'tmp') },
    });
  } finally {
    fs.closeSync(logFd);
  }
  servers.add(server);
  const serverAlive = () => alive(server);
  let spawnError = null;
  server.once('error', (err) => (spawnError = err));

  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  let lastProblem = 'port file not written';
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot start ${binPath}: ${spawnError.message}`);
    if (!serverAlive()) {
      const how = server.exitCode !== null ? `exit status ${server.exitCode}` : `signal ${server.signalCode}`;
      throw new Error(`server exited during startup (${how}); server.log:\n${tail(logFile)}`);
    }
    let content = null;
    try {
      content = fs.readFileSync(portFile, 'utf8');
    } catch {
      // not written yet
    }
    if (content !== null) {
      const m = /^\s*(\d{1,5})\s*$/.exec(content);
      if (!m) {
        lastProblem = `port file holds ${JSON.stringify(content.slice(0, 40))}`;
      } else {
        const baseUrl = `http://127.0.0.1:${m[1]}`;
        try {
          const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
          await res.arrayBuffer();
          if (res.status === 200) return { baseUrl, child: server };
          lastProblem = `GET /healthz answered ${res.status}`;
        } catch (err) {
          lastProblem = `GET /healthz failed: ${oneLine(err.cause ?? err)}`;
        }
      }
    }
    await sleep(100);
  }
  throw new Error(
    `server not ready within ${SERVER_START_TIMEOUT_MS / 1000} s (${lastProblem}); server.log:\n${tail(logFile)}`,
  );
}

// ---------------------------------------------------------------- specs

function listSpecs(filters) {
  return fs
    .readdirSync(HERE)
    .filter((f) => f.endsWith('.spec.mjs'))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort()
    .map((f) => path.join(HERE, f));
}

// Whether a loaded spec module asks for a server of its own.
function ownServerArgs(spec) {
  return Array.isArray(spec?.serverArgs) ? spec.serverArgs.map(String) : null;
}

async function runSpec(file, spec, sharedBaseUrl) {
  const started = Date.now();
  const base = path.basename(file, '.spec.mjs');
  const result = { name: base, file: path.relative(REPO, file), status: 'failed' };
  let context = null;
  let page = null;
  let own = null; // { baseUrl, child } of the spec's own server
  const consoleLines = [];
  const pageErrors = [];
  try {
    if (spec instanceof Error) throw spec;
    if (typeof spec.name === 'string' && spec.name) result.name = spec.name;
    if (typeof spec.run !== 'function') throw new Error('the spec file does not export async function run()');
    let baseUrl = sharedBaseUrl;
    const extraArgs = ownServerArgs(spec);
    if (extraArgs) {
      own = await startServer(`spec-${base}`, extraArgs, `server-${safeName(base)}.log`);
      baseUrl = own.baseUrl;
      result.own_server = { args: extraArgs, base_url: baseUrl };
    }

    context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.setDefaultNavigationTimeout(20_000);
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') consoleLines.push(`[${msg.type()}] ${msg.text()}`);
    });
    page.on('pageerror', (err) => {
      pageErrors.push(err.message);
      consoleLines.push(`[pageerror] ${err.stack || err.message}`);
    });

    const limit = Math.max(SPEC_TIMEOUT_MS, Number(spec.timeoutMs) || 0);
    await withTimeout(spec.run({ page, context, baseUrl, outDir, expect }), limit, `spec ${result.name}`);
    if (pageErrors.length > 0) throw new Error(`uncaught error in the page: ${pageErrors[0]}`);
    result.status = 'passed';
  } catch (err) {
    result.error = oneLine(err);
    const base = safeName(result.name);
    if (page) {
      try {
        await page.screenshot({ path: path.join(outDir, `${base}-failure.png`), fullPage: true, timeout: 10_000 });
      } catch (shotErr) {
        result.error += ` (no failure screenshot: ${oneLine(shotErr)})`;
      }
    }
    const details = [err instanceof Error ? err.stack || err.message : String(err), '', ...consoleLines];
    fs.writeFileSync(path.join(outDir, `${base}-console.log`), details.join('\n') + '\n');
  } finally {
    if (context) await withTimeout(context.close(), 10_000, 'closing the context').catch(() => {});
    if (own) {
      await stopServer(own.child);
      fs.rmSync(path.join(tmpRoot, safeName(`spec-${base}`)), { recursive: true, force: true, maxRetries: 3 });
    }
  }
  result.duration_ms = Date.now() - started;
  return result;
}

// ---------------------------------------------------------------- main

function writeResults(summary) {
  fs.writeFileSync(path.join(outDir, 'e2e-results.json'), JSON.stringify(summary, null, 2) + '\n');
}

async function main() {
  const started = Date.now();
  const filters = process.argv.slice(2);
  fs.mkdirSync(outDir, { recursive: true });
  // Stale results of an earlier run must not be mistaken for this one's.
  for (const f of fs.readdirSync(outDir)) {
    if (f === 'e2e-results.json' || f.endsWith('-failure.png') || f.endsWith('-console.log')) {
      fs.rmSync(path.join(outDir, f), { force: true });
    }
  }

  const summary = { passed: 0, failed: 0, total: 0, duration_ms: 0, base_url: null, specs: [] };
  const specs = listSpecs(filters);
  try {
    if (specs.length === 0) throw new Error(`no spec files matched in ${HERE}`);
    const { chromium } = loadPlaywright();

    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'zxkh-e2e-'));
    const profile = path.join(tmpRoot, 'profile');
    for (const d of ['tmp', 'profile/home', 'profile/config', 'profile/cache']) {
      fs.mkdirSync(path.join(tmpRoot, d), { recursive: true });
    }

    // Loaded up front: the shared server is started only if a spec needs it.
    const modules = [];
    for (const file of specs) {
      modules.push(await import(pathToFileURL(file).href).catch((err) => (err instanceof Error ? err : new Error(String(err)))));
    }
    const needShared = modules.some((m) => !ownServerArgs(m));
    let baseUrl = null;
    if (process.env.ZXKH_E2E_BASE_URL) {
      baseUrl = process.env.ZXKH_E2E_BASE_URL.replace(/\/+$/, '');
    } else if (needShared) {
      baseUrl = (await startServer()).baseUrl;
    }
    summary.base_url = baseUrl;
    if (baseUrl) console.log(`# server ${baseUrl}${process.env.ZXKH_E2E_BASE_URL ? ' (external)' : ''}`);

    // Playwright makes the browser's fresh profile (--user-data-dir) and its
    // artifacts directory under os.tmpdir(): point that into tmpRoot so they
    // are removed with it even if the browser dies.
    process.env.TMPDIR = path.join(tmpRoot, 'tmp');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: {
        ...process.env,
        HOME: path.join(profile, 'home'),
        XDG_CONFIG_HOME: path.join(profile, 'config'),
        XDG_CACHE_HOME: path.join(profile, 'cache'),
      },
      timeout: 30_000,
    });

    for (const [i, file] of specs.entries()) {
      const r = await runSpec(file, modules[i], baseUrl);
      summary.specs.push(r);
      if (r.status === 'passed') {
        summary.passed++;
        console.log(`ok - ${r.name} (${r.duration_ms} ms)`);
      } else {
        summary.failed++;
        console.log(`not ok - ${r.name}: ${r.error}`);
      }
    }
  } catch (err) {
    // Setup failed (server, browser, no specs): counted as one failure.
    summary.failed++;
    summary.setup_error = err instanceof Error ? err.message : String(err);
    const [first, ...rest] = summary.setup_error.split('\n');
    console.log(`not ok - setup: ${first}`);
    for (const line of rest) console.log(`# ${line}`);
  } finally {
    await cleanup();
  }
  summary.total = summary.passed + summary.failed;
  summary.duration_ms = Date.now() - started;
  writeResults(summary);
  console.log(`e2e: ${summary.passed} passed, ${summary.failed} failed`);
  return summary.failed === 0 && summary.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.log(`not ok - runner: ${err?.stack || err}`);
    cleanup().finally(() => process.exit(1));
  },
);
