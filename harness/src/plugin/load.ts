/**
 * Loading the user's plugin modules: TypeScript or JavaScript files in the workspace, bundled with esbuild on the fly
 * and evaluated with a `require` of our own, so that `@plugbench/sdk` imported by the plugin is the harness's own
 * copy (one contract, one clock, one set of error classes in the process) while every other package comes from the
 * plugin's own `node_modules`.
 *
 * The bundle is written to a cache directory with an inline source map that carries the sources, so stack traces
 * and debugger breakpoints point at the user's TypeScript.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import * as sdk from '@plugbench/sdk';
import type { PluginEntry } from '@plugbench/sdk';
import * as sdkCache from '@plugbench/sdk/cache';
import * as sdkErrors from '@plugbench/sdk/errors';
import * as sdkMocks from '@plugbench/sdk/mocks';
import * as sdkRandom from '@plugbench/sdk/random';
import * as sdkTemplate from '@plugbench/sdk/template';
import * as sdkUtils from '@plugbench/sdk/utils';
import * as sdkWebapi from '@plugbench/sdk/webapi';
import { regularFileProblem } from '../fixture/files';
import { ModuleProblem, PluginModuleError, type CompileMessage } from './errors';

/** Where bundles go and how they are built. */
export interface ModuleLoadOptions {
  /**
   * Directory for the bundles. Default: `node_modules/.cache/plugbench` of the nearest directory above the module
   * that has a `node_modules`, else `plugbench-cache` in the OS temp directory; `PLUGBENCH_CACHE_DIR` overrides.
   */
  cacheDir?: string;
}

/** A module bundled for evaluation. */
export interface BundledModule {
  /** The source file. */
  file: string;
  /** Where the bundle was written. */
  bundlePath: string;
  code: string;
  /** Every source file in the bundle, with its modification time, to tell when the bundle is stale. */
  inputs: { file: string; mtimeMs: number }[];
}

const SDK_ID = /^@plugbench\/sdk(\/.*)?$/;
/** The harness's own copy of each subpath module of the SDK; any other subpath gets the root (it exports the rest). */
const sdkSubpaths: Record<string, unknown> = {
  '@plugbench/sdk/cache': sdkCache,
  '@plugbench/sdk/errors': sdkErrors,
  '@plugbench/sdk/mocks': sdkMocks,
  '@plugbench/sdk/random': sdkRandom,
  '@plugbench/sdk/template': sdkTemplate,
  '@plugbench/sdk/utils': sdkUtils,
  '@plugbench/sdk/webapi': sdkWebapi,
};
const bundles = new Map<string, BundledModule>();

/**
 * The source files the last bundle of a module was built from (esbuild's metafile: the module and every file it
 * imports, packages left out), or undefined when it was not bundled in this process. Editors watch them.
 */
export function bundledSources(file: string): string[] | undefined {
  return bundles.get(path.resolve(file))?.inputs.map((i) => i.file);
}

/** `node_modules/.cache/plugbench` above `file`, else a directory in the OS temp directory. */
export function defaultCacheDir(file: string): string {
  const fromEnv = process.env.PLUGBENCH_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  let dir = path.dirname(file);
  for (;;) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'plugbench');
    const up = path.dirname(dir);
    if (up === dir) return path.join(os.tmpdir(), 'plugbench-cache');
    dir = up;
  }
}

function fresh(b: BundledModule): boolean {
  for (const i of b.inputs) {
    try {
      if (statSync(i.file).mtimeMs !== i.mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

// The plugin's own `@plugbench/sdk` import is left to the evaluation's require, even where a tsconfig `paths` entry
// (as in this repository) would resolve it to the SDK's sources and bundle a second copy.
// esbuild reads whatever a module imports: a device would be read without end, a FIFO would block the build.
const onlyRegularFiles: esbuild.Plugin = {
  name: 'plugbench-only-regular-files',
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) => {
      if (args.namespace !== 'file') return undefined;
      const problem = regularFileProblem(args.path);
      return problem === undefined ? undefined : { errors: [{ text: `${args.path} is ${problem}` }] };
    });
  },
};

const keepSdkExternal: esbuild.Plugin = {
  name: 'plugbench-sdk-external',
  setup(build) {
    build.onResolve({ filter: SDK_ID }, (args) => ({ path: args.path, external: true }));
  },
};

function compileMessages(e: unknown, cwd: string): CompileMessage[] {
  const errors = (e as { errors?: esbuild.Message[] }).errors ?? [];
  return errors.map((m) => ({
    file: m.location ? path.resolve(cwd, m.location.file) : '',
    line: m.location?.line ?? 1,
    column: (m.location?.column ?? 0) + 1,
    message: m.text,
  }));
}

/**
 * Bundles a module (and the relative imports it makes) into one CommonJS file in the cache directory. Reuses the
 * last bundle while none of its sources changed.
 * @throws {@link PluginModuleError} when the file is missing or does not compile.
 */
export async function bundleModule(file: string, options: ModuleLoadOptions = {}): Promise<BundledModule> {
  const abs = path.resolve(file);
  const cached = bundles.get(abs);
  if (cached !== undefined && fresh(cached)) return cached;
  if (!existsSync(abs)) {
    throw new PluginModuleError(
      abs,
      ModuleProblem.NotFound,
      'no such file',
      'check the module path; in a fixture it is relative to the fixture file',
    );
  }
  if (statSync(abs).isDirectory()) {
    throw new PluginModuleError(
      abs,
      ModuleProblem.NotFound,
      'a directory, not a module file',
      'name the plugin file itself, e.g. plugins/echo.ts',
    );
  }
  const problem = regularFileProblem(abs);
  if (problem !== undefined)
    throw new PluginModuleError(
      abs,
      ModuleProblem.NotFound,
      problem,
      'name the plugin source file itself, e.g. plugins/echo.ts',
    );
  const cacheDir = options.cacheDir ?? defaultCacheDir(abs);
  const base = path.basename(abs).replace(/\.[^.]+$/, '');
  const bundlePath = path.join(cacheDir, `${base}-${createHash('sha1').update(abs).digest('hex').slice(0, 10)}.js`);
  const cwd = path.dirname(abs);
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      absWorkingDir: cwd,
      entryPoints: [abs],
      outfile: bundlePath,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: true,
      keepNames: true,
      // Packages come from the plugin's node_modules at run time, as they would in the user's own program.
      packages: 'external',
      plugins: [keepSdkExternal, onlyRegularFiles],
      logLevel: 'silent',
    });
  } catch (e) {
    const messages = compileMessages(e, cwd);
    const first = messages[0];
    const where = first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : (e as Error).message;
    const more = messages.length > 1 ? ` (and ${messages.length - 1} more)` : '';
    const fix = /Could not resolve/.test(first?.message ?? '')
      ? 'check the import path (relative imports are bundled; packages must be installed next to the plugin)'
      : 'fix the syntax error at the position shown';
    throw new PluginModuleError(abs, ModuleProblem.Compile, `does not compile: ${where}${more}`, fix, {
      cause: e,
      compileErrors: messages,
    });
  }
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? result.outputFiles[0]!.text;
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(bundlePath, code);
  const inputs = Object.keys(result.metafile.inputs)
    .map((f) => path.resolve(cwd, f))
    .filter((f) => existsSync(f))
    .map((f) => ({ file: f, mtimeMs: statSync(f).mtimeMs }));
  const bundled = { file: abs, bundlePath, code, inputs };
  bundles.set(abs, bundled);
  return bundled;
}

interface InternalModule {
  filename: string;
  paths: string[];
  exports: unknown;
  require: (id: string) => unknown;
  _compile(code: string, filename: string): void;
}
type ModuleCtor = (new (id: string, parent?: unknown) => InternalModule) & {
  _nodeModulePaths(dir: string): string[];
  _resolveFilename(request: string, parent: InternalModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: InternalModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
};
const M = Module as unknown as ModuleCtor;

/** A bundle's top level as a function of CommonJS's five arguments; each call evaluates the module anew. */
type ModuleBody = (
  this: unknown,
  exports: unknown,
  require: unknown,
  module: InternalModule,
  filename: string,
  dirname: string,
) => void;

/**
 * The compiled body of each bundle, with the module that compiled it. Parsing and compiling a bundle (its inline
 * source map included) was most of what loading a plugin cost each fixture; calling the one compiled body again gives
 * new module state all the same. Node finds a file's source map through a live module compiled from it, so the
 * compiling module is kept while the bundle is.
 */
const bodies = new WeakMap<BundledModule, { compiledBy: InternalModule; body: ModuleBody }>();

/**
 * Compiles a bundle once, as Node's loader would (its source map registered for stack traces), into a function of
 * its top level. The function's head sits on the bundle's first line so that every line keeps its number.
 */
function moduleBody(b: BundledModule): ModuleBody {
  const known = bodies.get(b);
  if (known !== undefined) return known.body;
  const compiledBy = new M(b.bundlePath, undefined);
  compiledBy.filename = b.bundlePath;
  compiledBy._compile(
    `module.exports = function (exports, require, module, __filename, __dirname) {${b.code}\n};`,
    b.bundlePath,
  );
  const body = compiledBy.exports as ModuleBody;
  bodies.set(b, { compiledBy, body });
  return body;
}

/** What Node's loader gives a module as `require`, with `@plugbench/sdk` the harness's own and the rest from `file`. */
function requireFor(m: InternalModule, file: string): NodeJS.Require {
  const nodeRequire = createRequire(file);
  m.require = (id: string) => (SDK_ID.test(id) ? (sdkSubpaths[id] ?? sdk) : nodeRequire(id));
  const require = ((id: string) => m.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) =>
    M._resolveFilename(request, m, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, m);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions as NodeJS.RequireExtensions;
  require.cache = M._cache as NodeJS.Dict<NodeModule>;
  return require;
}

/**
 * Evaluates a bundle as a fresh CommonJS module: `@plugbench/sdk` resolves to the harness's own SDK, anything else
 * to Node's `require` from the source file's directory. Every call gives new module state (no sharing between
 * fixtures).
 */
export function evaluateBundle(b: BundledModule): Record<string, unknown> {
  if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);
  const m = new M(b.bundlePath, undefined);
  m.filename = b.bundlePath;
  m.paths = M._nodeModulePaths(path.dirname(b.file));
  const require = requireFor(m, b.file);
  try {
    const body = moduleBody(b);
    body.call(m.exports, m.exports, require, m, b.bundlePath, path.dirname(b.bundlePath));
  } catch (e) {
    throw new PluginModuleError(
      b.file,
      ModuleProblem.Evaluate,
      `threw while loading: ${(e as Error)?.stack ?? String(e)}`,
      'fix the error thrown at the top level of the module (or of a module it imports)',
      { cause: e },
    );
  }
  const exports = m.exports;
  return typeof exports === 'object' && exports !== null ? (exports as Record<string, unknown>) : { default: exports };
}

/** Bundles and evaluates a module. */
export async function loadModule(file: string, options: ModuleLoadOptions = {}): Promise<Record<string, unknown>> {
  return evaluateBundle(await bundleModule(file, options));
}

/** Whether `x` has the shape of a `PluginEntry`. */
export function isPluginEntry(x: unknown): x is PluginEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Partial<PluginEntry>;
  return typeof e.id === 'string' && Array.isArray(e.registeredTaskTypes) && typeof e.loadPlugin === 'function';
}

function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') {
    const keys = Object.keys(x as object);
    return `an object with keys ${keys.slice(0, 6).join(', ') || '(none)'}`;
  }
  return `a ${typeof x}`;
}

function exportNames(exports: Record<string, unknown>): string[] {
  return Object.keys(exports).filter((k) => k !== '__esModule');
}

/** A plugin module, its export, and the factory's config. */
export interface PluginModuleRef {
  module: string;
  export?: string;
  config?: unknown;
}

function pickExport(
  file: string,
  exports: Record<string, unknown>,
  name: string | undefined,
  what: string,
): { name: string; value: unknown } {
  const names = exportNames(exports);
  if (name !== undefined) {
    if (!(name in exports)) {
      const guess = names.find((n) => n.toLowerCase() === name.toLowerCase());
      throw new PluginModuleError(
        file,
        ModuleProblem.MissingExport,
        `has no export named "${name}"; it exports: ${names.join(', ') || 'nothing'}`,
        guess !== undefined
          ? `use "export": "${guess}"`
          : `set "export" to one of its exports, or export ${what} named "${name}"`,
        { exportName: name },
      );
    }
    return { name, value: exports[name] };
  }
  if (exports.default !== undefined) return { name: 'default', value: exports.default };
  // `module.exports = entry` in a CommonJS plugin.
  if (isPluginEntry(exports)) return { name: 'module.exports', value: exports };
  throw new PluginModuleError(
    file,
    ModuleProblem.MissingExport,
    `has no default export; it exports: ${names.join(', ') || 'nothing'}`,
    `add "export": "<name>" to name ${what}, or give the module a default export`,
  );
}

/**
 * Loads a plugin module and returns its `PluginEntry`: the named export (default: the default export), either an
 * entry itself or a factory called with `config`.
 * @param baseDir what a relative `module` is relative to.
 * @throws {@link PluginModuleError} naming the file and the fix.
 */
export async function loadPluginEntry(
  ref: PluginModuleRef,
  baseDir: string,
  options: ModuleLoadOptions = {},
): Promise<PluginEntry> {
  const file = path.resolve(baseDir, ref.module);
  const exports = await loadModule(file, options);
  const { name, value } = pickExport(file, exports, ref.export, 'a PluginEntry or a factory');
  if (isPluginEntry(value)) {
    if (ref.config !== undefined) {
      throw new PluginModuleError(
        file,
        ModuleProblem.Factory,
        `export "${name}" is a PluginEntry, not a factory, so "config" cannot be passed to it`,
        'remove "config", or set "export" to the factory function that takes it',
        {
          exportName: name,
        },
      );
    }
    return value;
  }
  if (typeof value === 'function') {
    let made: unknown;
    try {
      made = await (value as (config: unknown) => unknown)(ref.config);
    } catch (e) {
      throw new PluginModuleError(
        file,
        ModuleProblem.Factory,
        `factory "${name}" threw: ${(e as Error)?.message ?? String(e)}`,
        'fix the factory, or the "config" passed to it',
        {
          cause: e,
          exportName: name,
        },
      );
    }
    if (isPluginEntry(made)) return made;
    throw new PluginModuleError(
      file,
      ModuleProblem.Factory,
      `factory "${name}" returned ${describeValue(made)}, not a PluginEntry`,
      'return {id, registeredTaskTypes, loadPlugin} from the factory',
      { exportName: name },
    );
  }
  const isPlugin =
    typeof value === 'object' && value !== null && typeof (value as { handle?: unknown }).handle === 'function';
  throw new PluginModuleError(
    file,
    ModuleProblem.NotAPlugin,
    `export "${name}" is ${describeValue(value)}, neither a PluginEntry nor a factory`,
    isPlugin
      ? 'this is a Plugin; export a PluginEntry instead: {id, registeredTaskTypes, loadPlugin: () => plugin}'
      : 'export a PluginEntry {id, registeredTaskTypes, loadPlugin}, or a function returning one',
    { exportName: name },
  );
}

/**
 * Loads a function export of a module (a world script's `beforeRound`).
 * @throws {@link PluginModuleError} naming the file and the fix.
 */
export async function loadFunctionExport(
  modulePath: string,
  exportName: string,
  baseDir: string,
  options: ModuleLoadOptions = {},
): Promise<(...args: never[]) => unknown> {
  const file = path.resolve(baseDir, modulePath);
  const exports = await loadModule(file, options);
  const { name, value } = pickExport(file, exports, exportName, 'the function');
  if (typeof value !== 'function') {
    throw new PluginModuleError(
      file,
      ModuleProblem.NotAPlugin,
      `export "${name}" is ${describeValue(value)}, not a function`,
      `export a function named "${name}"`,
      { exportName: name },
    );
  }
  return value as (...args: never[]) => unknown;
}
