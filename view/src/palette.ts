/**
 * The view's palette, as data (no DOM: the contrast test and the report's Node code load it): for every colour it draws or writes with, the VS Code theme variables it comes from,
 * a fallback per kind of theme, and the contrast it must reach against the surfaces it is drawn on (WCAG AA: 4.5:1
 * for text, 3:1 for marks). {@link resolvePalette} turns a theme's variables into colours, correcting one that does
 * not reach its contrast; the view runs it on the webview's computed style and sets the results as `--pb-*`
 * properties, and the contrast test runs it on VS Code's theme files: both evaluate the same table.
 *
 * @module
 */
import { PHASE_NAMES, type PhaseName, type MarkerKind } from '@plugbench/sdk/timeline';
import {
  AA,
  contrast,
  deltaE,
  ensureContrast,
  lab,
  minContrast,
  over,
  parseColour,
  rotateHue,
  textOn,
  toHex,
  type Rgba,
} from './colour';

/** Every plugin phase, Go's order. */
export const PHASES: readonly PhaseName[] = PHASE_NAMES;

/** The kinds of VS Code theme (the webview body's `vscode-*` class); the report picks one from the OS settings. */
export const ThemeKind = { light: 'light', dark: 'dark', hcDark: 'hcDark', hcLight: 'hcLight' } as const;
export type ThemeKind = (typeof ThemeKind)[keyof typeof ThemeKind];

/** A colour of the palette: VS Code variables to try in order, then a fallback for the kind of theme. */
export interface ColourSpec {
  from: readonly `--vscode-${string}`[];
  fallback: Readonly<Record<ThemeKind, string>>;
}

const spec = (from: ColourSpec['from'], light: string, dark: string, hcDark: string, hcLight: string): ColourSpec => ({
  from,
  fallback: { light, dark, hcDark, hcLight },
});

/** The surfaces text and marks are drawn on. Translucent theme colours are composited over `bg`. */
export const SURFACES = {
  bg: spec(['--vscode-editor-background'], '#ffffff', '#1f1f1f', '#000000', '#ffffff'),
  laneAlt: spec(['--vscode-list-hoverBackground'], '#f5f5f5', '#262626', '#000000', '#ffffff'),
  selection: spec(['--vscode-list-inactiveSelectionBackground'], '#e4e6f1', '#37373d', '#000000', '#e7edf3'),
  codeBg: spec(['--vscode-textCodeBlock-background'], '#f0f0f0', '#2b2b2b', '#000000', '#f2f2f2'),
  widgetBg: spec(['--vscode-editorWidget-background'], '#f3f3f3', '#252526', '#0c141f', '#ffffff'),
} as const satisfies Record<string, ColourSpec>;
export type Surface = keyof typeof SURFACES;

/** Text colours, each with the surfaces it is written on (4.5:1 against each). */
export const TEXT = {
  fg: {
    ...spec(['--vscode-foreground'], '#3b3b3b', '#cccccc', '#ffffff', '#292929'),
    on: ['bg', 'laneAlt', 'selection', 'codeBg', 'widgetBg'],
  },
  muted: {
    ...spec(['--vscode-descriptionForeground'], '#6f6f6f', '#9d9d9d', '#ffffff', '#292929'),
    on: ['bg', 'laneAlt', 'selection', 'codeBg', 'widgetBg'],
  },
  error: {
    ...spec(['--vscode-errorForeground'], '#a1260d', '#f48771', '#f48771', '#b5200d'),
    on: ['bg', 'codeBg', 'selection'],
  },
  waiting: {
    ...spec(
      ['--vscode-editorWarning-foreground', '--vscode-charts-yellow'],
      '#895503',
      '#cca700',
      '#ffd370',
      '#895503',
    ),
    on: ['bg', 'codeBg', 'selection', 'laneAlt'],
  },
} as const satisfies Record<string, ColourSpec & { on: readonly Surface[] }>;
export type TextRole = keyof typeof TEXT;

/** Marks that are not phases (3:1 against the lanes' surfaces). */
export const MARKS = {
  focus: spec(['--vscode-focusBorder'], '#005fb8', '#0078d4', '#f38518', '#006bbd'),
  hold: spec(['--vscode-charts-blue'], '#1a85ff', '#3794ff', '#3794ff', '#0f4a85'),
} as const satisfies Record<string, ColourSpec>;
export type MarkRole = keyof typeof MARKS;

/** The surfaces of the lanes and pools, which marks (phases, holds, the cursor) are drawn on. */
export const MARK_SURFACES: readonly Surface[] = ['bg', 'laneAlt', 'selection'];

/**
 * Phase colours. Picked in this order, each the first of its candidates that reaches 3:1 and is told apart from
 * the phases picked before it (a high-contrast theme maps several chart colours to one blue).
 */
export const PHASE_COLOURS = {
  PermanentFailure: spec(
    ['--vscode-charts-red', '--vscode-testing-iconFailed'],
    '#c72e0f',
    '#f14c4c',
    '#f48771',
    '#b5200d',
  ),
  Running: spec(['--vscode-charts-blue'], '#1a85ff', '#3794ff', '#3794ff', '#0f4a85'),
  Success: spec(['--vscode-testing-iconPassed', '--vscode-charts-green'], '#388a34', '#89d185', '#89d185', '#374e06'),
  RetryableFailure: spec(['--vscode-charts-orange'], '#b06000', '#e8832a', '#ff9b3d', '#9e5a00'),
  WaitingForResources: spec(
    ['--vscode-charts-yellow', '--vscode-editorWarning-foreground'],
    '#886d00',
    '#d7c000',
    '#ffd370',
    '#7d6f00',
  ),
  Queued: spec(['--vscode-charts-purple'], '#652d90', '#b180d7', '#d2a8ff', '#652d90'),
  Initializing: spec([], '#00778a', '#29b8db', '#40e0f0', '#006878'),
  NotReady: spec(['--vscode-disabledForeground'], '#8a8a8a', '#8b8b8b', '#a5a5a5', '#7f7f7f'),
  Undefined: spec(['--vscode-disabledForeground'], '#8a8a8a', '#8b8b8b', '#a5a5a5', '#7f7f7f'),
} as const satisfies Record<PhaseName, ColourSpec>;

/** Phases drawn in one grey and explained by one legend entry: neither has started the task. */
export const GREY_PHASES: readonly PhaseName[] = ['NotReady', 'Undefined'];

/** Hue difference (degrees) and Lab difference below which two phase colours count as the same. */
const DISTINCT = { hue: 20, lightness: 30, deltaE: 20 } as const;

/** Resolved colours and fonts. */
export interface Palette {
  kind: ThemeKind;
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  laneAlt: string;
  selection: string;
  codeBg: string;
  widgetBg: string;
  focus: string;
  /** Set in high-contrast themes only: every shape gets this outline. */
  contrastBorder: string | null;
  error: string;
  hold: string;
  /** Text on a hold bar. */
  onHold: string;
  waiting: string;
  phases: Record<PhaseName, string>;
  /** Text on a phase's fill (badges, chips). */
  onPhases: Record<PhaseName, string>;
  markers: Record<MarkerKind, string>;
  font: string;
  monoFont: string;
  highContrast: boolean;
}

/** The colours of a palette, without the fonts: what {@link resolvePalette} computes. */
export type PaletteColours = Omit<Palette, 'font' | 'monoFont'>;

/** Reads a theme variable: its value, or undefined when the theme leaves it out. */
export type ThemeLookup = (name: `--vscode-${string}`) => string | undefined;

/**
 * The palette of a theme. `lookup` answers the `--vscode-*` variables (the webview's computed style, or a theme
 * file with VS Code's defaults); `kind` picks the fallbacks.
 */
export function resolvePalette(lookup: ThemeLookup, kind: ThemeKind): PaletteColours {
  const first = (s: ColourSpec): Rgba[] => {
    const out: Rgba[] = [];
    for (const v of s.from) {
      const c = parseColour(lookup(v));
      if (c) out.push(c);
    }
    out.push(parseColour(s.fallback[kind])!);
    return out;
  };
  const bg = over(first(SURFACES.bg)[0]!, parseColour(SURFACES.bg.fallback[kind])!);
  const surfaces = {} as Record<Surface, Rgba>;
  for (const k of Object.keys(SURFACES) as Surface[]) surfaces[k] = k === 'bg' ? bg : over(first(SURFACES[k])[0]!, bg);
  const text = {} as Record<TextRole, Rgba>;
  for (const k of Object.keys(TEXT) as TextRole[]) {
    const on = TEXT[k].on.map((s) => surfaces[s]);
    text[k] = pick(first(TEXT[k]), on, AA.text, () => true);
  }
  const markOn = MARK_SURFACES.map((s) => surfaces[s]);
  const focus = pick(first(MARKS.focus), markOn, AA.mark, () => true);
  const hold = pick(first(MARKS.hold), markOn, AA.mark, () => true);
  const phases = {} as Record<PhaseName, Rgba>;
  for (const p of Object.keys(PHASE_COLOURS) as PhaseName[]) {
    if (p === 'Undefined') continue;
    const taken = Object.values(phases);
    phases[p] = pick(first(PHASE_COLOURS[p]), markOn, AA.mark, (c) => taken.every((t) => distinct(c, t)));
  }
  phases.Undefined = phases.NotReady;
  const hex = <K extends string>(r: Record<K, Rgba>) =>
    Object.fromEntries(Object.entries<Rgba>(r).map(([k, v]) => [k, toHex(v)])) as Record<K, string>;
  const phaseHex = hex(phases);
  const onPhases = hex(
    Object.fromEntries(PHASES.map((p) => [p, textOn(phases[p], [text.fg, bg])])) as Record<PhaseName, Rgba>,
  );
  const cb = parseColour(lookup('--vscode-contrastBorder'));
  const contrastBorder = cb && cb.a > 0 ? toHex(cb) : null;
  const fg = toHex(text.fg);
  const error = toHex(text.error);
  return {
    kind,
    ...hex(surfaces),
    fg,
    muted: toHex(text.muted),
    grid: lookup('--vscode-editorRuler-foreground') ?? 'rgba(128,128,128,0.25)',
    focus: toHex(focus),
    contrastBorder,
    error,
    hold: toHex(hold),
    onHold: toHex(textOn(hold, [bg, text.fg])),
    waiting: toHex(text.waiting),
    phases: phaseHex,
    onPhases,
    markers: markerColours(fg, toHex(text.muted), error, phaseHex),
    highContrast: kind === 'hcDark' || kind === 'hcLight' || contrastBorder !== null,
  };
}

/**
 * Every pair of a palette below WCAG AA, as `what fg on surface bg: ratio < min` lines, and every two phases that look
 * alike: empty when the palette passes. The contrast test runs it on every built-in theme; the view reports it to
 * the host's probe for the theme it is shown in.
 */
export function contrastFailures(p: PaletteColours): string[] {
  const out: string[] = [];
  const rgb = (c: string) => parseColour(c) ?? { r: 0, g: 0, b: 0, a: 1 };
  const check = (what: string, fg: string, on: readonly Surface[], min: number) => {
    for (const s of on) {
      const r = contrast(rgb(fg), rgb(p[s]));
      if (r < min) out.push(`${what} ${fg} on ${s} ${p[s]}: ${r.toFixed(2)}:1 < ${min}:1`);
    }
  };
  for (const role of Object.keys(TEXT) as TextRole[]) check(`text ${role}`, p[role], TEXT[role].on, AA.text);
  check('mark focus (cursor)', p.focus, MARK_SURFACES, AA.mark);
  check('mark hold (pool token)', p.hold, MARK_SURFACES, AA.mark);
  for (const ph of PHASES) {
    check(`phase ${ph}`, p.phases[ph], MARK_SURFACES, AA.mark);
    const r = contrast(rgb(p.onPhases[ph]), rgb(p.phases[ph]));
    if (r < AA.text) out.push(`text on phase ${ph}: ${p.onPhases[ph]} on ${p.phases[ph]}: ${r.toFixed(2)}:1 < 4.5:1`);
  }
  const onHold = contrast(rgb(p.onHold), rgb(p.hold));
  if (onHold < AA.text) out.push(`token label ${p.onHold} on hold ${p.hold}: ${onHold.toFixed(2)}:1 < 4.5:1`);
  for (const [m, c] of Object.entries(p.markers)) check(`marker ${m}`, c, MARK_SURFACES, AA.mark);
  const coloured = PHASES.filter((ph) => ph !== 'Undefined');
  for (const a of coloured)
    for (const b of coloured)
      if (a < b && !distinct(rgb(p.phases[a]), rgb(p.phases[b])))
        out.push(
          `phases ${a} ${p.phases[a]} and ${b} ${p.phases[b]} look alike (ΔE ${deltaE(rgb(p.phases[a]), rgb(p.phases[b])).toFixed(1)})`,
        );
  return out;
}

/** The first candidate that reaches `min` against `on` and passes `ok`; else the fallback, corrected to `min`. */
function pick(candidates: readonly Rgba[], on: readonly Rgba[], min: number, ok: (c: Rgba) => boolean): Rgba {
  for (const c of candidates) {
    const solid = over(c, on[0]!);
    if (minContrast(solid, on) >= min && ok(solid)) return solid;
  }
  for (const c of candidates) {
    const fixed = ensureContrast(c, on, min);
    if (ok(fixed)) return fixed;
  }
  // Every candidate looks like a colour already taken: turn the fallback's hue until it does not.
  const last = candidates[candidates.length - 1]!;
  for (let turn = 20; turn <= 180; turn += 20)
    for (const sign of [1, -1]) {
      const turned = ensureContrast(rotateHue(last, sign * turn), on, min);
      if (ok(turned)) return turned;
    }
  return ensureContrast(last, on, min);
}

/**
 * Whether two phase colours are told apart at a glance: far enough in Lab, and of different hues or very different
 * lightness (a dark and a light blue are both "blue" next to the legend).
 */
export function distinct(a: Rgba, b: Rgba): boolean {
  if (deltaE(a, b) < DISTINCT.deltaE) return false;
  if (achromatic(a) || achromatic(b)) return true;
  return hueGap(a, b) >= DISTINCT.hue || Math.abs(lab(a)[0] - lab(b)[0]) >= DISTINCT.lightness;
}

function hueGap(a: Rgba, b: Rgba): number {
  const h = (c: Rgba) => {
    const [, x, y] = lab(c);
    return (Math.atan2(y, x) * 180) / Math.PI;
  };
  const d = Math.abs(h(a) - h(b)) % 360;
  return d > 180 ? 360 - d : d;
}

function achromatic(c: Rgba): boolean {
  const [, x, y] = lab(c);
  return Math.hypot(x, y) < 15;
}

function markerColours(
  fg: string,
  muted: string,
  error: string,
  ph: Record<PhaseName, string>,
): Record<MarkerKind, string> {
  return {
    event: fg,
    dedup: muted,
    'round-error': error,
    retry: ph.RetryableFailure,
    abort: fg,
    finalize: fg,
    'barrier-replay': ph.Queued,
    'version-cap': error,
    'write-lost': error,
    error,
    fault: ph.RetryableFailure,
  };
}
