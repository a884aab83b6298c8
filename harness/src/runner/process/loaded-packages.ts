/**
 * Which harness and SDK this runner process runs with, for its hello ({@link ../protocol/package-origin}). The runner
 * is part of the harness: built as an installed harness's `dist/runner.js` it finds that package's manifest one folder
 * up, and Node loads the SDK that harness resolves; the VSIX's `dist/extension/runner.js` has no such manifest, it
 * carries both packages in its bundle.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PackageSource, type PackageOrigin } from '../protocol/package-origin';

const HARNESS = '@plugbench/harness';

/** A package's folder and version from its manifest. */
function packageAt(manifest: string): { dir: string; version: string } {
  return {
    dir: path.dirname(manifest),
    version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
  };
}

/** The harness whose `dist` holds `runnerDir`, or undefined when the runner is not inside an installed harness. */
function harnessManifest(runnerDir: string): string | undefined {
  const manifest = path.join(runnerDir, '..', 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
  return name === HARNESS ? path.resolve(manifest) : undefined;
}

/** What the runner in `runnerDir` (its `__dirname`) loads. */
export function loadedPackages(runnerDir: string): PackageOrigin {
  const manifest = harnessManifest(runnerDir);
  if (manifest === undefined) return { source: PackageSource.Bundled };
  // The SDK the harness's own `require('@plugbench/sdk')` loads: resolved from the harness's folder.
  const sdk = createRequire(manifest).resolve('@plugbench/sdk/package.json');
  return { source: PackageSource.Workspace, harness: packageAt(manifest), sdk: packageAt(sdk) };
}
