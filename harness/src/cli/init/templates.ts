/**
 * Where the project templates are: `templates/common` (what every plugin project has: tsconfig, mocha's settings, the
 * editor's recommendation, CI) and `templates/<kind>` (the plugin, its fixture and test) of the harness package,
 * found from this module whether it runs from the built CLI (`dist/cli.js`) or from source (`src/cli/init/`).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PluginKind } from './kinds';

/** npm leaves `.gitignore` out of packages, so the template stores it under this name. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** The harness package's folder: the nearest one above `from` whose package.json is `@plugbench/harness`. */
export function harnessRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@plugbench/harness'
    )
      return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`plugbench: cannot find the @plugbench/harness package above ${from}`);
  }
}

/** One file of a template: where it goes in the project, and where it comes from. */
export interface TemplateFile {
  /** Path in the new project, with `/` separators. */
  target: string;
  source: string;
}

/** Every file of the template of `kind` (the common files, then the kind's, which win), sorted by target path. */
export function templateFiles(kind: PluginKind, root: string = harnessRoot()): TemplateFile[] {
  const files = new Map<string, TemplateFile>();
  for (const part of ['common', kind]) {
    const base = path.join(root, 'templates', part);
    if (!existsSync(base)) throw new Error(`plugbench: the ${part} template is missing at ${base}`);
    for (const f of filesUnder(base)) files.set(f.target, f);
  }
  return [...files.values()].sort((a, b) => a.target.localeCompare(b.target));
}

function filesUnder(base: string): TemplateFile[] {
  const files: TemplateFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(dir, e.name), relPath);
      else files.push({ target: rel === '' ? (RENAMED[e.name] ?? e.name) : relPath, source: path.join(dir, e.name) });
    }
  };
  walk(base, '');
  return files;
}
