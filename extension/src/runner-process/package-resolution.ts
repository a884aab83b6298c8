/**
 * Makes the runner's `@plugbench/harness` and `@plugbench/sdk` imports load either the workspace's installed packages
 * (when the host sets {@link PACKAGES_DIR_ENV}) or the copy bundled in the extension. The runner bundle leaves those
 * imports to `require`; this hooks Node's CommonJS resolution for them, and only for requests from the runner's own
 * code: inside the workspace's packages, Node resolves as usual (the harness finds the SDK it was installed with).
 *
 * Importing this module installs the hook, so it must be the runner's first import: ES modules evaluate their
 * imports in order, and the modules after it require the packages while they evaluate.
 *
 * @module
 */
import Module, { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGES_DIR_ENV, PackageSource, type PackageOrigin } from '../protocol/package-origin';

const PACKAGE_ID = /^@plugbench\/(sdk|harness)(\/.*)?$/;

type ResolveFilename = (
  request: string,
  parent: NodeModule | undefined,
  isMain: boolean,
  options?: { paths?: string[] },
) => string;
const NodeModule = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, NodeModule> };

/** Whether `parent` is code of an installed package, which resolves on its own. */
const fromPackage = (parent: NodeModule | undefined) =>
  parent?.filename?.includes(`${path.sep}node_modules${path.sep}`) === true;

function hook(resolve: (request: string) => string | undefined): void {
  const original = NodeModule._resolveFilename;
  NodeModule._resolveFilename = function (request, parent, isMain, options) {
    if (PACKAGE_ID.test(request) && !fromPackage(parent)) {
      const resolved = resolve(request);
      if (resolved !== undefined) return resolved;
    }
    return original.call(this, request, parent, isMain, options);
  };
}

/** The folder of `id`'s package.json resolved from `from`, and its version. */
function packageAt(id: string, from: string): { dir: string; version: string } {
  const manifest = createRequire(path.join(from, 'noop.js')).resolve(`${id}/package.json`);
  return {
    dir: path.dirname(manifest),
    version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
  };
}

/** The workspace's packages: the harness from the workspace folder, the SDK from the harness (the one it uses). */
function useWorkspace(folder: string): PackageOrigin {
  const harness = packageAt('@plugbench/harness', folder);
  const sdk = packageAt('@plugbench/sdk', harness.dir);
  const original = NodeModule._resolveFilename;
  hook((request) =>
    original(request, undefined, false, { paths: [request.startsWith('@plugbench/sdk') ? harness.dir : folder] }),
  );
  return { source: PackageSource.Workspace, harness, sdk };
}

/** The bundled copy: each module id answers from dist/extension/packages.js through Node's module cache. */
function useBundled(bundle: string): PackageOrigin {
  // Computed, so that esbuild leaves this require to run time instead of bundling the file into the runner.
  const modules = (createRequire(bundle)(bundle) as { BUNDLED_PACKAGES: Record<string, unknown> }).BUNDLED_PACKAGES;
  hook((request) => {
    if (!(request in modules)) return undefined;
    const key = `${bundle}#${request}`;
    if (NodeModule._cache[key] === undefined) {
      const m = new Module(key);
      m.exports = modules[request];
      m.loaded = true;
      NodeModule._cache[key] = m;
    }
    return key;
  });
  return { source: PackageSource.Bundled };
}

/**
 * Installs the resolution and says what it chose. Without the variable and without packages.js next to the runner
 * (the runner run from source in tests) Node resolves the packages as usual.
 */
function install(): PackageOrigin | undefined {
  const folder = process.env[PACKAGES_DIR_ENV];
  if (folder !== undefined && folder !== '') return useWorkspace(folder);
  const bundle = path.join(__dirname, 'packages.js');
  return existsSync(bundle) ? useBundled(bundle) : undefined;
}

/** What this runner loads its packages from. */
export const packageOrigin: PackageOrigin | undefined = install();
