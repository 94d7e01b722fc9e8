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
import { mkdtempSync, rmSync } from 'node:fs';
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

/**
 * The same Chromium as a Browser whose contexts are separate users (no
 * shared cookies or storage): `browser.newContext()` for each. Playwright
 * keeps the profile in a temporary directory of its own, removed on close.
 */
export async function launchChromium(opts: Pick<BrowserOptions, 'args' | 'executablePath'> = {}): Promise<Browser> {
  const executablePath = requireBinary(opts.executablePath ?? CHROMIUM_PATH);
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])], timeout: 30_000 });
  } catch (err) {
    throw new Error(`chromium did not start (${executablePath}): ${(err as Error).message}`);
  }
}
