/**
 * Launches the system Chromium (never a downloaded one) for the view tests and the webview benchmark, with a fresh
 * profile, and collects what must stay empty: console errors, page errors and CSP violations.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where the tests expect Chromium (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.PLUGBENCH_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep a headless Chromium quiet and off the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function haveChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A browser context on a fresh user-data-dir; `close()` removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'plugbench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 860 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Problems a page reported: console errors and warnings, uncaught errors, CSP violations. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** Installs a listener for `securitypolicyviolation` before any script runs; read with {@link cspViolations}. */
export async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample ?? ''}`.trim());
    });
  });
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

/**
 * Skips the calling suite when Chromium is missing, saying so; under CI a missing Chromium is a failure instead.
 * Call from a `before` hook.
 */
export function requireChromium(suite: Mocha.Context): void {
  if (haveChromium()) return;
  if (process.env.CI)
    throw new Error(`Chromium is required under CI and ${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  console.warn(`    skipped: ${CHROMIUM_PATH} is missing (apt-get install -y chromium); under CI this fails`);
  suite.skip();
}

/** Waits for the page to draw a frame after the last change. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/**
 * Opens a page that mounts the view and waits for its first frame, watching for console errors and CSP violations
 * from the start. `setup` runs before the page loads (media emulation).
 */
export async function openView(
  context: BrowserContext,
  url: string,
  setup?: (page: Page) => Promise<void>,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = collectProblems(page);
  await watchCsp(page);
  await setup?.(page);
  await page.goto(url);
  await page.waitForSelector('.pb-root');
  await settle(page);
  return { page, problems };
}
