/**
 * A real browser for tests: Debian's Chromium (/usr/bin/chromium), headless,
 * driven by playwright-core, with a fresh profile each time (removed on
 * close) and nothing that talks to the network on its own (no component
 * updates, no sync, no QUIC, no first-run pages). For the hub's pages now,
 * the playground's later:
 *
 *   const browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
 *   const page = await browser.newPage();
 *   await page.goto(url);
 *   ...
 *   await browser.close();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { requireBinary } from './require.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface BrowserOptions {
  /** Default 1280×800. */
  viewport?: { width: number; height: number };
  /** Default en-US (the pages' test-facing words are English). */
  locale?: string;
  /** More Chromium flags. */
  args?: string[];
  executablePath?: string;
}

export interface TestBrowser {
  context: BrowserContext;
  /** The profile directory, fresh for this browser. */
  userDataDir: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(opts: BrowserOptions = {}): Promise<TestBrowser> {
  const executablePath = requireBinary(opts.executablePath ?? CHROMIUM_PATH);
  const userDataDir = mkdtempSync('/tmp/quai-browser-');
  let context: BrowserContext;
  try {
    // A persistent context is how Playwright takes a --user-data-dir of our choosing.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath, headless: true, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
      viewport: opts.viewport ?? { width: 1280, height: 800 }, locale: opts.locale ?? 'en-US', timeout: 30_000,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`chromium did not start (${executablePath}): ${(err as Error).message}`);
  }
  return {
    context,
    userDataDir,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Options of launchChromium. */
export interface ChromiumOptions extends Pick<BrowserOptions, 'args' | 'executablePath'> {
  /**
   * Runs Chromium in a network namespace of its own that reaches only these
   * 127.0.0.1 ports of the host (through a UNIX socket each). Chromium fails
   * the requests waiting for a connection whenever an address appears or goes
   * on its host (ERR_NETWORK_CHANGED), which a daemon creating networks does
   * all the time; in its own namespace it sees none of that.
   */
  ownNetwork?: { ports: number[] };
}

/**
 * The same Chromium as a Browser whose contexts are separate users (no
 * shared cookies or storage): `browser.newContext()` for each. Playwright
 * keeps the profile in a temporary directory of its own, removed on close;
 * the namespace of `ownNetwork` is removed when the browser closes.
 */
export async function launchChromium(opts: ChromiumOptions = {}): Promise<Browser> {
  let executablePath = requireBinary(opts.executablePath ?? CHROMIUM_PATH);
  const isolation = opts.ownNetwork ? await isolateNetwork(executablePath, opts.ownNetwork.ports) : undefined;
  if (isolation) executablePath = isolation.executable;
  try {
    const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])], timeout: 30_000 });
    if (isolation) browser.on('disconnected', isolation.remove);
    return browser;
  } catch (err) {
    isolation?.remove();
    throw new Error(`chromium did not start (${executablePath}): ${(err as Error).message}`);
  }
}

/** The forwarder run inside the namespace: 127.0.0.1:PORT → DIR/PORT.sock for each port. */
const FORWARDER = `
const net = require('node:net');
const [dir, ...ports] = process.argv.slice(1);
let listening = 0;
for (const port of ports) {
  net.createServer((client) => {
    const host = net.connect(dir + '/' + port + '.sock');
    client.pipe(host).pipe(client);
    client.on('error', () => host.destroy());
    host.on('error', () => client.destroy());
  }).listen(Number(port), '127.0.0.1', () => { if (++listening === ports.length) console.log('ready'); });
}
`;

async function isolateNetwork(chromiumPath: string, ports: number[]): Promise<{ executable: string; remove: () => void }> {
  const dir = mkdtempSync('/tmp/quai-chromium-net-');
  const name = `quai-chromium-${randomBytes(4).toString('hex')}`;
  const servers: Server[] = [];
  let forwarder: ChildProcess | undefined;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    forwarder?.kill('SIGKILL');
    for (const s of servers) s.close();
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {
      // never made
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('ip', ['netns', 'add', name]);
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    for (const port of ports) {
      const server = createServer((inner) => {
        const outer = connect(port, '127.0.0.1');
        inner.pipe(outer).pipe(inner);
        inner.on('error', () => outer.destroy());
        outer.on('error', () => inner.destroy());
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(join(dir, `${port}.sock`), resolve));
    }
    const child = spawn('ip', ['netns', 'exec', name, process.execPath, '-e', FORWARDER, dir, ...ports.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
    forwarder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the namespace's forwarder exited ${code}`)));
    });
    const executable = join(dir, 'chromium');
    writeFileSync(executable, `#!/bin/sh\nexec ip netns exec ${name} ${chromiumPath} "$@"\n`, { mode: 0o755 });
    return { executable, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
