/**
 * A mocha suite's Chromium: launched before its tests (skipped, or failed under CI, without one), closed after, and
 * the check every browser test ends with: no CSP violation, no console error.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { cspViolations, launchChromium, requireChromium } from './chromium';

/** Where browser tests put their screenshots. */
export const SHOTS = path.resolve(__dirname, '../../test-artifacts/screenshots');

/** Launches Chromium in the calling suite's `before` and closes it in its `after`; call from `describe`. */
export function suiteChromium(): () => Awaited<ReturnType<typeof launchChromium>> {
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  before(async function () {
    requireChromium(this);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    assert.ok(browser, 'Chromium is not running');
    return browser;
  };
}

/** Fails when the page violated its CSP or logged an error or warning. */
export async function assertNoProblems(page: Page, problems: string[]): Promise<void> {
  assert.deepEqual(await cspViolations(page), [], 'CSP violations');
  assert.deepEqual(problems, [], 'console errors');
}
