/**
 * `plugbench init`: writes a plugin project that installs and passes its tests at once. Files that already exist are
 * left as they are (and listed), and an existing package.json gets only the entries it lacks, so init is safe to run
 * in a project that has started.
 *
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mergePackageJson, packageNameFor, type PackageJson, type PackageJsonChanges } from './package-json';
import { PluginKind } from './kinds';
import { harnessRoot, templateFiles } from './templates';

/** What to write. */
export interface InitOptions {
  /** The project folder; made if missing. */
  dir: string;
  /** @default PluginKind.Core */
  kind?: PluginKind;
  /** The harness package whose templates and version to use. @default the running harness */
  harnessDir?: string;
}

/** What init did, to print. */
export interface InitResult {
  dir: string;
  /** Files written, relative to `dir`. */
  written: string[];
  /** Files that existed and were left as they are. */
  skipped: string[];
  packageJson: PackageJsonChanges & { created: boolean };
}

/** The version range of the plugbench packages that a new project depends on: this harness's own version. */
function plugbenchRange(harnessDir: string): string {
  const { version } = JSON.parse(readFileSync(path.join(harnessDir, 'package.json'), 'utf8')) as { version: string };
  return `^${version}`;
}

function writePackageJson(dir: string, harnessDir: string): InitResult['packageJson'] {
  const file = path.join(dir, 'package.json');
  const created = !existsSync(file);
  const existing = created ? undefined : (JSON.parse(readFileSync(file, 'utf8')) as PackageJson);
  const range = plugbenchRange(harnessDir);
  const { pkg, changes } = mergePackageJson(existing, packageNameFor(path.basename(dir)), {
    sdk: range,
    harness: range,
  });
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  return { ...changes, created };
}

/** Writes the project; never overwrites a file other than package.json, which it only adds to. */
export function initProject(options: InitOptions): InitResult {
  const dir = path.resolve(options.dir);
  const harnessDir = options.harnessDir ?? harnessRoot();
  mkdirSync(dir, { recursive: true });
  const result: InitResult = { dir, written: [], skipped: [], packageJson: writePackageJson(dir, harnessDir) };
  for (const f of templateFiles(options.kind ?? PluginKind.Core, harnessDir)) {
    const target = path.join(dir, ...f.target.split('/'));
    if (existsSync(target)) {
      result.skipped.push(f.target);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(f.source, target);
    result.written.push(f.target);
  }
  return result;
}

/** The lines `plugbench init` prints: what it wrote, what it kept, and what to run next. */
export function formatInitResult(r: InitResult, cwd: string): string {
  const where = path.relative(cwd, r.dir) || '.';
  const lines = [`plugbench: a plugin project in ${where}`];
  lines.push(
    `  ${r.packageJson.created ? 'wrote' : 'updated'} package.json${r.packageJson.added.length > 0 ? ` (${r.packageJson.added.join(', ')})` : ''}`,
  );
  for (const k of r.packageJson.kept) lines.push(`  kept package.json ${k}`);
  for (const f of r.written) lines.push(`  wrote ${f}`);
  for (const f of r.skipped) lines.push(`  kept ${f} (it exists)`);
  const cd = where === '.' ? '' : `cd ${where} && `;
  lines.push('', 'Next:', `  ${cd}npm install && npm test`);
  const fixture = [...r.written, ...r.skipped].find((f) => /^fixtures\/.*\.fixture\.ya?ml$/.test(f));
  if (fixture !== undefined) lines.push(`  npx plugbench run ${fixture}   # the timeline of one fixture`);
  lines.push('');
  return lines.join('\n');
}
