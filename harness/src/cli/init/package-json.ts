/**
 * The package.json of a new plugin project, or the entries `plugbench init` adds to an existing one. Entries the
 * project already has are kept as they are (a dependency on a local tarball, a test script of its own), so init can
 * run in a project that already installed the packages.
 *
 * @module
 */
import { DEV_TOOLS } from './dev-tools';

/** The part of a package.json that init reads and writes; anything else is carried over untouched. */
export interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The scripts of a plugin project. */
export const PROJECT_SCRIPTS: Readonly<Record<string, string>> = {
  test: 'mocha',
  'check-types': 'tsc --noEmit',
  fixtures: 'plugbench test',
};

// `npm init -y` writes this test script; it is a placeholder, not a choice to keep.
const NPM_INIT_TEST = /^echo "Error: no test specified" && exit 1$/;

/** What init changed in package.json, to print. */
export interface PackageJsonChanges {
  added: string[];
  kept: string[];
}

/** A package name from a folder name: lower case, with characters npm refuses replaced by `-`. */
export function packageNameFor(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '');
  return name === '' ? 'flyte-plugin' : name;
}

/** `existing` with every missing entry of a plugin project added; `versions` are the plugbench packages' ranges. */
export function mergePackageJson(
  existing: PackageJson | undefined,
  name: string,
  versions: { sdk: string; harness: string },
): { pkg: PackageJson; changes: PackageJsonChanges } {
  const pkg: PackageJson =
    existing === undefined
      ? { name, version: '0.1.0', private: true, description: 'A Flyte backend plugin, tested with plugbench' }
      : { ...existing };
  const changes: PackageJsonChanges = { added: [], kept: [] };
  const fill = (
    field: 'scripts' | 'dependencies' | 'devDependencies',
    wanted: Readonly<Record<string, string>>,
    replaceable = (_k: string, _v: string) => false,
  ) => {
    const have = { ...pkg[field] };
    for (const [k, v] of Object.entries(wanted)) {
      const current = have[k];
      if (current === undefined || replaceable(k, current)) {
        have[k] = v;
        changes.added.push(`${field}.${k}`);
      } else if (current !== v) changes.kept.push(`${field}.${k} (${current})`);
    }
    pkg[field] = have;
  };
  fill('scripts', PROJECT_SCRIPTS, (k, v) => k === 'test' && NPM_INIT_TEST.test(v));
  // A project that installed the harness as a dependency keeps it there: not listed twice.
  fill('dependencies', { '@plugbench/sdk': versions.sdk });
  const dev = { '@plugbench/harness': versions.harness, ...DEV_TOOLS };
  if (pkg.dependencies?.['@plugbench/harness'] !== undefined)
    delete (dev as Record<string, string>)['@plugbench/harness'];
  fill('devDependencies', dev);
  return { pkg, changes };
}
