/**
 * Which SDK and harness the runner of a workspace folder uses: the folder's own installed `@plugbench/harness` (and
 * the `@plugbench/sdk` it depends on) when they are there and recent enough, so the editor and the project's
 * `npx plugbench test` run the same code as versions move; else the copy bundled in the extension. The runner process
 * is part of the harness, so choosing a harness is choosing its runner: the extension forks that harness's own
 * `dist/runner.js` (`@plugbench/harness/runner-process`), which loads the SDK installed next to it. The Vitest and
 * Playwright extensions choose their framework the same way.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The oldest package version whose API the runner uses (the harness's test cases, the timeline's breakpoints). */
export const MIN_PACKAGES_VERSION = '0.1.0';

/** The choice for one workspace folder. */
export type PackagesChoice =
  | { source: 'workspace'; folder: string; harness: InstalledPackage; sdk: InstalledPackage; runner: string }
  | { source: 'bundled'; folder: string; reason: string; tooOld?: InstalledPackage };

/** An installed package. */
export interface InstalledPackage {
  name: string;
  dir: string;
  version: string;
}

/** `a < b` for `major.minor.patch` versions; a pre-release is older than its release. */
export function olderThan(a: string, b: string): boolean {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre !== undefined };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return x.pre && !y.pre;
}

/** `name` as Node would load it from `from`: its folder and version, or undefined when it is missing or not built. */
function installed(name: string, from: string): InstalledPackage | undefined {
  const req = createRequire(path.join(from, 'package.json'));
  try {
    // The entry itself too: a package whose dist is missing (not built) cannot be loaded.
    req.resolve(name);
    const manifest = req.resolve(`${name}/package.json`);
    return {
      name,
      dir: path.dirname(manifest),
      version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
    };
  } catch {
    return undefined;
  }
}

/** The runner process of the harness `folder` loads (its `dist/runner.js`), or undefined when it has none. */
function runnerProcess(folder: string): string | undefined {
  try {
    return createRequire(path.join(folder, 'package.json')).resolve('@plugbench/harness/runner-process');
  } catch {
    return undefined;
  }
}

/** Chooses for `folder` (the runner's working folder). */
export function choosePackages(folder: string): PackagesChoice {
  const harness = installed('@plugbench/harness', folder);
  if (harness === undefined)
    return { source: 'bundled', folder, reason: 'the workspace has no @plugbench/harness installed' };
  const sdk = installed('@plugbench/sdk', harness.dir);
  if (sdk === undefined)
    return { source: 'bundled', folder, reason: `@plugbench/sdk is not installed next to ${harness.dir}` };
  for (const p of [harness, sdk]) {
    if (olderThan(p.version, MIN_PACKAGES_VERSION)) {
      return {
        source: 'bundled',
        folder,
        tooOld: p,
        reason: `the workspace's ${p.name} ${p.version} is older than ${MIN_PACKAGES_VERSION}, the oldest this extension runs`,
      };
    }
  }
  const runner = runnerProcess(folder);
  if (runner === undefined) {
    return {
      source: 'bundled',
      folder,
      reason: `the workspace's @plugbench/harness ${harness.version} has no runner process (@plugbench/harness/runner-process)`,
    };
  }
  return { source: 'workspace', folder, harness, sdk, runner };
}

/** One line for the log: which packages the runners of `choice.folder` use, and why. */
export function describeChoice(choice: PackagesChoice, bundledVersion: string): string {
  if (choice.source === 'workspace') {
    return `runners in ${choice.folder} use the workspace's @plugbench/harness ${choice.harness.version} (${choice.harness.dir}) and @plugbench/sdk ${choice.sdk.version} (${choice.sdk.dir})`;
  }
  return `runners in ${choice.folder} use the SDK and harness bundled in the extension (${bundledVersion}): ${choice.reason}`;
}
