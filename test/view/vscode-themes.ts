// VS Code's built-in colour themes as a webview sees them: every theme of the installed code-server's built-in
// theme extensions (theme-defaults, theme-abyss, ...), `include` resolved, and for each colour a theme leaves out,
// VS Code's default for the theme's kind, read from the colour registry's TypeScript source, which the install
// ships in the workbench's source map (vs/platform/theme/common/colors/*.ts and the workbench's own registries).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ThemeKind, ThemeLookup } from '../../view/src/palette';

/** One built-in theme. */
export interface VsCodeTheme {
  id: string;
  extension: string;
  kind: ThemeKind;
  /** The webview's `--vscode-*` variables, as VS Code computes them for this theme. */
  lookup: ThemeLookup;
}

const KIND_OF_UI_THEME: Record<string, ThemeKind> = {
  vs: 'light',
  'vs-dark': 'dark',
  'hc-black': 'hcDark',
  'hc-light': 'hcLight',
};

/** Where code-server's VS Code lives, or an error that says where it was looked for. */
export function findVsCodeRoot(repoRoot: string): string {
  const tried: string[] = [];
  const cache = process.env.PLUGBENCH_VSCODE_CACHE;
  const bases = [
    ...(cache ? [cache] : []),
    path.join(repoRoot, '.vscode-test', 'code-server'),
    path.join(repoRoot, '.vscode-test'),
  ];
  for (const base of bases) {
    for (const candidate of [
      path.join(base, 'node_modules', 'code-server', 'lib', 'vscode'),
      path.join(base, 'lib', 'vscode'),
      base,
    ]) {
      tried.push(candidate);
      if (fs.existsSync(path.join(candidate, 'extensions', 'theme-defaults', 'package.json'))) return candidate;
    }
  }
  throw new Error(
    `VS Code's built-in themes were not found (no extensions/theme-defaults/package.json under ${tried.join(', ')}). ` +
      'Install it with scripts/vscode/install.sh (test/vscode/README.md), or set PLUGBENCH_VSCODE_CACHE to its cache.',
  );
}

/** Every built-in colour theme of the install. */
export function loadVsCodeThemes(root: string): VsCodeTheme[] {
  const registry = loadColourRegistry(root);
  const dir = path.join(root, 'extensions');
  const themes: VsCodeTheme[] = [];
  for (const ext of fs.readdirSync(dir).sort()) {
    const pkgFile = path.join(dir, ext, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {
      contributes?: { themes?: { id?: string; label: string; uiTheme: string; path: string }[] };
    };
    for (const t of pkg.contributes?.themes ?? []) {
      const kind = KIND_OF_UI_THEME[t.uiTheme];
      if (!kind) throw new Error(`${pkgFile}: theme ${t.label} has an unknown uiTheme ${t.uiTheme}`);
      const colours = themeColours(path.join(dir, ext, t.path));
      themes.push({ id: t.id ?? t.label, extension: ext, kind, lookup: lookupOf(colours, registry, kind) });
    }
  }
  return themes;
}

/** A theme file's `colors`, with its `include` chain under it. */
function themeColours(file: string): Record<string, string> {
  const json = parseJsonc(fs.readFileSync(file, 'utf8'), file) as { include?: string; colors?: Record<string, string> };
  const base = json.include ? themeColours(path.join(path.dirname(file), json.include)) : {};
  return { ...base, ...(json.colors ?? {}) };
}

/** JSON with comments and trailing commas, as theme files are written. */
function parseJsonc(text: string, file: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else out += c;
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
}

// ---- VS Code's colour registry -------------------------------------------------------------------------------

interface Registry {
  /** Colour id to its default, as source text. */
  defaults: Map<string, string>;
  /** Exported constant name to colour id (`editorErrorForeground` to `editorError.foreground`). */
  constants: Map<string, string>;
}

/** The registry's `registerColor` calls, from the workbench's source map. */
function loadColourRegistry(root: string): Registry {
  const map = path.join(root, 'out', 'vs', 'code', 'browser', 'workbench', 'workbench.js.map');
  if (!fs.existsSync(map))
    throw new Error(`VS Code's colour defaults were not found: ${map} (the workbench's source map) is missing`);
  const json = JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
  const defaults = new Map<string, string>();
  const constants = new Map<string, string>();
  const call = /(?:export\s+)?(?:const\s+(\w+)\s*=\s*)?registerColor\(\s*'([\w.-]+)'\s*,/g;
  for (const src of json.sourcesContent ?? []) {
    if (!src || !src.includes('registerColor(')) continue;
    for (const m of src.matchAll(call)) {
      const arg = firstArgument(src, m.index + m[0].length);
      if (!defaults.has(m[2]!)) defaults.set(m[2]!, arg);
      if (m[1]) constants.set(m[1], m[2]!);
    }
  }
  if (defaults.size < 100) throw new Error(`${map}: only ${defaults.size} colours registered; is this VS Code?`);
  return { defaults, constants };
}

/** The source text of an argument starting at `from`, up to its `,` or `)` at depth 0. */
function firstArgument(src: string, from: number): string {
  let depth = 0;
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) {
      if (depth === 0) return src.slice(from, i).trim();
      depth--;
    } else if (c === ',' && depth === 0) return src.slice(from, i).trim();
  }
  return src.slice(from).trim();
}

function lookupOf(colours: Record<string, string>, reg: Registry, kind: ThemeKind): ThemeLookup {
  const cache = new Map<string, string | undefined>();
  const resolve = (id: string, seen: string[]): string | undefined => {
    if (id in colours) return colours[id];
    if (cache.has(id)) return cache.get(id);
    if (seen.includes(id)) throw new Error(`colour default cycle: ${[...seen, id].join(' -> ')}`);
    const def = reg.defaults.get(id);
    const value = def === undefined ? undefined : evaluate(def, reg, kind, (ref) => resolve(ref, [...seen, id]), id);
    cache.set(id, value);
    return value;
  };
  return (name) => resolve(name.replace(/^--vscode-/, '').replace(/-/g, '.'), []);
}

/**
 * Evaluates a default's source: a hex string, null, a registered colour's constant, `Color.white`/`black`/...,
 * `Color.fromHex('#..')`, `transparent(x, a)`, `x.transparent(a)`, or `{ dark, light, hcDark, hcLight }`. Anything
 * else (darken, lighten, ...) is an error naming the colour: the test must not guess.
 */
function evaluate(
  expr: string,
  reg: Registry,
  kind: ThemeKind,
  ref: (id: string) => string | undefined,
  id: string,
): string | undefined {
  const e = expr.trim();
  if (e.startsWith('{')) {
    const body = e.slice(1, -1);
    const parts = splitTop(body);
    for (const p of parts) {
      const m = /^(\w+)\s*:\s*([\s\S]+)$/.exec(p.trim());
      if (m && m[1] === kind) return evaluate(m[2]!, reg, kind, ref, id);
    }
    throw new Error(`colour ${id}: no ${kind} default in ${e}`);
  }
  if (e === 'null') return undefined;
  const str = /^'(#[0-9a-fA-F]+)'$/.exec(e);
  if (str) return str[1];
  const named: Record<string, string> = {
    white: '#ffffff',
    black: '#000000',
    lightgrey: '#d3d3d3',
    transparent: '#00000000',
    red: '#ff0000',
    blue: '#0000ff',
    cyan: '#00ffff',
    green: '#00ff00',
  };
  const col = /^Color\.(\w+)$/.exec(e);
  if (col && named[col[1]!]) return named[col[1]!];
  const fromHex = /^Color\.fromHex\('(#[0-9a-fA-F]+)'\)$/.exec(e);
  if (fromHex) return fromHex[1];
  const fn = /^transparent\(([\s\S]+),\s*([\d.]+)\)$/.exec(e);
  if (fn) return withAlpha(evaluate(fn[1]!, reg, kind, ref, id), +fn[2]!);
  const method = /^([\s\S]+)\.transparent\(([\d.]+)\)$/.exec(e);
  if (method) return withAlpha(evaluate(method[1]!, reg, kind, ref, id), +method[2]!);
  const constant = reg.constants.get(e);
  if (constant) return ref(constant);
  throw new Error(`colour ${id}: cannot evaluate its default "${e}" for ${kind}`);
}

function splitTop(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(body.slice(start, i));
      start = i + 1;
    }
  }
  out.push(body.slice(start));
  return out.filter((s) => s.trim() !== '');
}

/** `hex` with its alpha multiplied by `a`, as VS Code's `transparent` does. */
function withAlpha(hex: string | undefined, a: number): string | undefined {
  if (!hex) return undefined;
  const h = hex.slice(1);
  const full = h.length <= 4 ? [...h].map((c) => c + c).join('') : h;
  const alpha = full.length === 8 ? parseInt(full.slice(6), 16) / 255 : 1;
  const byte = Math.round(alpha * a * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${full.slice(0, 6)}${byte}`;
}
