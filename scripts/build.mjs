// The root build: generates the Flyte IDL code, bundles every package with esbuild, then emits the type
// declarations of the published packages with tsc. Type checking of the whole repository is `npm run check-types`;
// here tsc only writes .d.ts files.
//
//   node scripts/build.mjs                 everything
//   node scripts/build.mjs --only sdk      one group (sdk, harness, extension, webview, runner); may be repeated
//   node scripts/build.mjs --watch         rebuild bundles and declarations on change
//   node scripts/build.mjs --minify        minify the extension's and the webview's bundles (the VSIX)
//
// An entry marked `optional: true` is skipped, with a line saying so, while its source file does not exist yet:
// the packages are written in parallel and the build must stay green for the parts that exist.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const tscBin = require.resolve('typescript/bin/tsc');

/** The dependencies of a workspace package: left to node_modules at run time instead of bundled. */
function dependenciesOf(pkgDir) {
  const pkg = JSON.parse(readFileSync(path.join(root, pkgDir, 'package.json'), 'utf8'));
  return Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
}

const node = { platform: 'node', format: 'cjs', target: 'node20' };
const browser = { platform: 'browser', format: 'iife', target: 'es2022', external: [] };
/** The export condition under which every workspace package resolves to its TypeScript source. */
const SOURCE_CONDITION = '@plugbench/source';
const sdkExternal = dependenciesOf('sdk');
/** The SDK's subpath modules, each bundled on its own (`sdk/src/<module>/index.ts` -> `sdk/dist/<module>.js`). */
const sdkModules = ['errors', 'template', 'utils', 'random', 'cache', 'webapi', 'mocks', 'runner'];

/**
 * A subpath module imports the rest of the SDK by relative path; bundled as such it would carry a second copy of the
 * contract (its classes, which the executor checks with instanceof). Those imports are left to the package instead:
 * another subpath module by its subpath, what the root exports by the root. An internal file the root does not
 * export (executor/names.ts) is bundled.
 */
function sdkModuleImports(own) {
  const src = path.join(root, 'sdk', 'src');
  return {
    name: 'plugbench-sdk-module-imports',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.relative(src, path.resolve(args.resolveDir, args.path));
        const top = target.split(path.sep)[0];
        if (target.startsWith('..') || top === own) return undefined;
        if (top === 'executor' && !/^executor[\\/]index(\.ts)?$/.test(target)) return undefined;
        return { path: sdkModules.includes(top) ? `@plugbench/sdk/${top}` : '@plugbench/sdk', external: true };
      });
    },
  };
}

// The harness loads the SDK the user's plugin loads (one copy of the contract's classes and clock), so the SDK is
// never bundled into it. esbuild treats subpaths of an external package (`@plugbench/sdk/timeline`) as external too.
// The runner pool finds the harness's own runner process by its package path (require.resolve), at run time.
const harnessExternal = ['@plugbench/sdk', '@plugbench/harness/runner-process', ...dependenciesOf('harness')];

/**
 * What is bundled. `group` is what `--only` selects; `optional` entries are skipped while their source is missing.
 * The extension bundles its own SDK, harness and view (from source, through the `@plugbench/source` export
 * condition): a VSIX has no node_modules. The harness bundles the view the same way (the view is not published).
 */
const bundles = [
  { group: 'sdk', entry: 'sdk/src/index.ts', outfile: 'sdk/dist/index.js', ...node, external: sdkExternal },
  {
    group: 'sdk',
    entry: 'sdk/src/timeline/index.ts',
    outfile: 'sdk/dist/timeline.js',
    ...node,
    external: sdkExternal,
    optional: true,
  },
  {
    group: 'sdk',
    entry: 'sdk/src/node/index.ts',
    outfile: 'sdk/dist/node.js',
    ...node,
    external: sdkExternal,
    optional: true,
  },
  // One bundle per subpath module of the SDK (`@plugbench/sdk/webapi`, ...), as package.json exports them.
  ...sdkModules.map((m) => ({
    group: 'sdk',
    entry: `sdk/src/${m}/index.ts`,
    outfile: `sdk/dist/${m}.js`,
    ...node,
    external: sdkExternal,
    plugins: [sdkModuleImports(m)],
    optional: true,
  })),
  {
    group: 'harness',
    entry: 'harness/src/index.ts',
    outfile: 'harness/dist/index.js',
    ...node,
    external: harnessExternal,
    optional: true,
  },
  {
    group: 'harness',
    entry: 'harness/src/fixture/index.ts',
    outfile: 'harness/dist/fixture.js',
    ...node,
    external: harnessExternal,
    optional: true,
  },
  {
    group: 'harness',
    entry: 'harness/src/serve/index.ts',
    outfile: 'harness/dist/serve.js',
    ...node,
    external: harnessExternal,
    optional: true,
  },
  {
    group: 'harness',
    entry: 'harness/src/glob.ts',
    outfile: 'harness/dist/glob.js',
    ...node,
    external: harnessExternal,
    optional: true,
  },
  {
    group: 'harness',
    entry: 'harness/src/runner/index.ts',
    outfile: 'harness/dist/runner-client.js',
    ...node,
    external: harnessExternal,
    optional: true,
  },
  // The runner process, which the CLI forks (also built alone by `--only runner`, which the tests use).
  {
    group: 'harness',
    also: 'runner',
    entry: 'harness/src/runner/process/main.ts',
    outfile: 'harness/dist/runner.js',
    ...node,
    external: harnessExternal,
  },
  {
    group: 'harness',
    entry: 'harness/src/cli/main.ts',
    outfile: 'harness/dist/cli.js',
    ...node,
    external: harnessExternal,
    optional: true,
  },
  // The view's report entry, inlined into every HTML report; it ships inside the harness package. Minified always:
  // every report carries it, and nobody reads a report's script.
  { group: 'harness', entry: 'view/src/report-main.ts', outfile: 'harness/dist/view.js', ...browser, minify: true },
  // esbuild stays a real package at run time: it locates its native binary next to itself (the VSIX carries both).
  {
    group: 'extension',
    entry: 'extension/src/extension.ts',
    outfile: 'dist/extension/extension.js',
    ...node,
    external: ['vscode', 'esbuild', '@plugbench/harness/runner-process'],
    optional: true,
  },
  // The thread that reads fixtures for the extension host (extension/src/core/fixture-parser.ts starts it).
  {
    group: 'extension',
    entry: 'extension/src/core/fixture-info-worker.ts',
    outfile: 'dist/extension/fixture-info-worker.js',
    ...node,
    external: [],
    optional: true,
  },
  // The harness's runner process, bundled whole for the VSIX (which has no node_modules but esbuild). The extension
  // forks it unless the workspace has its own @plugbench/harness installed: then that harness's dist/runner.js
  // (extension/src/host/workspace-packages.ts chooses).
  {
    group: 'extension',
    also: 'runner',
    entry: 'harness/src/runner/process/main.ts',
    outfile: 'dist/extension/runner.js',
    ...node,
    external: ['esbuild'],
  },
  { group: 'webview', entry: 'extension/webview/main.ts', outfile: 'dist/webview/main.js', ...browser, optional: true },
  // The comparison panel's webview: a run beside its golden timeline.
  {
    group: 'webview',
    entry: 'extension/webview/compare-main.ts',
    outfile: 'dist/webview/compare.js',
    ...browser,
    optional: true,
  },
];

/**
 * Declarations of the published packages, in order: the harness's are checked against the SDK's emitted ones (as a
 * user of both packages would see them), so the SDK's come first.
 */
const declarations = [
  { group: 'sdk', project: 'sdk/tsconfig.build.json', needs: 'sdk/src/index.ts' },
  { group: 'harness', project: 'view/tsconfig.build.json', needs: 'view/src/index.ts' },
  { group: 'harness', project: 'harness/tsconfig.build.json', needs: 'harness/src/index.ts', optional: true },
];

/**
 * JSON Schemas written from the built bundles, after bundling: one zod schema is the source of each, so the files
 * are generated, never edited (and not committed).
 */
const schemas = [
  { group: 'sdk', module: 'sdk/dist/index.js', fn: 'timelineJsonSchema', out: 'sdk/schema/timeline.schema.json' },
];

async function writeSchemas(items) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  for (const s of items) {
    const mod = require(path.join(root, s.module));
    const out = path.join(root, s.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(mod[s.fn](), null, 2)}\n`);
    console.log(`build: wrote ${s.out}`);
  }
}

const { values: flags } = parseArgs({
  options: {
    watch: { type: 'boolean', default: false },
    minify: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
  },
});
/** The groups of an entry: its own, and `also` (a group of a few entries across packages, such as `runner`). */
const groupsOf = (item) => [item.group, ...(item.also !== undefined ? [item.also] : [])];
const groups = new Set(bundles.flatMap(groupsOf));
for (const g of flags.only ?? []) {
  if (!groups.has(g)) fail(`--only ${g}: unknown group; one of ${[...groups].join(', ')}`);
}
const selected = (item) => flags.only === undefined || groupsOf(item).some((g) => flags.only.includes(g));

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

const seconds = (start) => `${((performance.now() - start) / 1000).toFixed(2)}s`;

function run(command, args, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Splits entries into those to build and those skipped, printing one line per skipped entry. */
function present(items, sourceOf) {
  return items.filter((item) => {
    if (!selected(item)) return false;
    if (existsSync(path.join(root, sourceOf(item)))) return true;
    if (!item.optional) fail(`${sourceOf(item)} does not exist`);
    console.log(`build: skipped ${item.outfile ?? item.project} (optional; ${sourceOf(item)} does not exist yet)`);
    return false;
  });
}

function esbuildOptions(b) {
  return {
    absWorkingDir: root,
    entryPoints: [b.entry],
    outfile: b.outfile,
    bundle: true,
    platform: b.platform,
    format: b.format,
    target: b.target,
    external: b.external,
    // Workspace packages resolve to their TypeScript sources (the first entry of each `exports` subpath).
    conditions: [SOURCE_CONDITION],
    plugins: b.plugins ?? [],
    sourcemap: true,
    // Only what ships in the VSIX: the published packages stay readable in their users' stack traces.
    minify: b.minify === true || (flags.minify && (b.group === 'extension' || b.group === 'webview')),
    // No keepNames: it wraps every function expression in a call, which costs the executor's hot path a fifth of its
    // time; error classes set their names themselves (crossRealmClass).
    logLevel: 'warning',
  };
}

async function bundleAll(items) {
  const start = performance.now();
  await Promise.all(items.map((b) => esbuild.build(esbuildOptions(b))));
  console.log(`build: bundled ${items.map((b) => b.outfile).join(', ')} in ${seconds(start)}`);
}

async function declareAll(items) {
  for (const d of items) {
    const start = performance.now();
    await run(process.execPath, [tscBin, '-p', d.project], `tsc -p ${d.project}`);
    console.log(`build: declarations of ${d.project} in ${seconds(start)}`);
  }
}

async function main() {
  const start = performance.now();
  if (['sdk', 'extension', 'harness', 'runner'].some((group) => selected({ group }))) {
    const t = performance.now();
    await run(process.execPath, [path.join(root, 'sdk/scripts/gen-idl.mjs')], 'gen-idl');
    console.log(`build: IDL code ready in ${seconds(t)}`);
  }
  const toBundle = present(bundles, (b) => b.entry);
  const toDeclare = present(declarations, (d) => d.needs);

  if (flags.watch) {
    for (const b of toBundle) {
      const ctx = await esbuild.context({
        ...esbuildOptions(b),
        plugins: [
          ...(b.plugins ?? []),
          {
            name: 'report',
            setup: (pb) => pb.onEnd((r) => console.log(`build: ${b.outfile} (${r.errors.length} errors)`)),
          },
        ],
      });
      await ctx.watch();
    }
    // Each declaration project in its own tsc --watch; the harness's follows the SDK's output as it changes.
    for (const d of toDeclare) {
      spawn(process.execPath, [tscBin, '-p', d.project, '--watch', '--preserveWatchOutput'], {
        cwd: root,
        stdio: 'inherit',
      });
    }
    console.log('build: watching; Ctrl-C to stop');
    return;
  }

  // Bundles and declarations do not depend on each other: run both at once.
  await Promise.all([
    bundleAll(toBundle).then(() =>
      writeSchemas(present(schemas, (x) => x.module.replace('dist/index.js', 'src/index.ts'))),
    ),
    declareAll(toDeclare),
  ]);
  console.log(`build: done in ${seconds(start)}`);
}

main().catch((err) => {
  if (err?.errors === undefined) console.error(err instanceof Error ? err.message : err); // esbuild already printed its errors
  process.exit(1);
});
