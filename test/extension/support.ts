// Shared helpers of the extension's unit tests.
import * as path from 'node:path';
import { ensureBuilt, forkedRunners as harnessRunners } from '../harness/runner/support';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * Builds the extension's bundles (dist/extension/runner.js and fixture-info-worker.js among them) when missing or
 * older than their sources.
 */
export function ensureRunnerBuilt(): void {
  ensureBuilt(
    ['dist/extension/runner.js', 'dist/extension/fixture-info-worker.js'],
    ['extension/src', 'harness/src', 'sdk/src'],
    ['extension', 'webview'],
  );
}

export { writeFixtureDir } from '../harness/runner/support';

/** Runner processes of the extension's own bundle (dist/extension/runner.js), as the VSIX ships it. */
export const forkedRunners = () => harnessRunners(path.join(ROOT, 'dist/extension/runner.js'), ensureRunnerBuilt);
