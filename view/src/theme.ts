/**
 * Colours for the canvases, read from CSS custom properties so the drawing follows the VS Code theme (light, dark,
 * high contrast) and the report's fallbacks. Canvas cannot use `var()`, so the resolved values are read once per
 * theme change.
 *
 * @module
 */
import { PHASE_NAMES, type PhaseName, type MarkerKind } from '@plugbench/sdk/timeline';

/** Every plugin phase, Go's order. */
export const PHASES: readonly PhaseName[] = PHASE_NAMES;

/** Resolved colours and fonts. */
export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  laneAlt: string;
  selection: string;
  focus: string;
  /** Set in high-contrast themes only: every shape gets this outline. */
  contrastBorder: string | null;
  error: string;
  hold: string;
  waiting: string;
  phases: Record<PhaseName, string>;
  markers: Record<MarkerKind, string>;
  font: string;
  monoFont: string;
  highContrast: boolean;
}

function prop(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** Reads the palette from the computed style of the view root. */
export function readPalette(el: Element): Palette {
  const s = getComputedStyle(el);
  const phases = {} as Record<PhaseName, string>;
  for (const p of PHASES) phases[p] = prop(s, `--pb-phase-${p}`, '#888');
  const cb = prop(s, '--pb-contrast-border', 'transparent');
  const hcClass =
    document.body.classList.contains('vscode-high-contrast') ||
    document.body.classList.contains('vscode-high-contrast-light');
  const contrastBorder = cb === 'transparent' || cb === 'rgba(0, 0, 0, 0)' || cb === 'none' ? null : cb;
  const fg = prop(s, '--pb-fg', '#333');
  const error = prop(s, '--pb-error', '#e51400');
  const fontSize = prop(s, '--pb-font-size', '12px');
  return {
    bg: prop(s, '--pb-bg', '#fff'),
    fg,
    muted: prop(s, '--pb-muted', '#777'),
    grid: prop(s, '--pb-grid', 'rgba(128,128,128,0.25)'),
    laneAlt: prop(s, '--pb-lane-alt', 'rgba(128,128,128,0.06)'),
    selection: prop(s, '--pb-selection', 'rgba(0,120,212,0.18)'),
    focus: prop(s, '--pb-focus', '#0078d4'),
    contrastBorder,
    error,
    hold: prop(s, '--pb-hold', '#1a85ff'),
    waiting: prop(s, '--pb-waiting', '#bf8803'),
    phases,
    markers: {
      event: fg,
      dedup: prop(s, '--pb-muted', '#777'),
      'round-error': error,
      retry: phases.RetryableFailure,
      abort: fg,
      finalize: fg,
      'barrier-replay': phases.Queued,
      'version-cap': error,
      'write-lost': error,
      error,
      fault: phases.RetryableFailure,
    },
    font: `${fontSize} ${s.fontFamily || 'sans-serif'}`,
    monoFont: `${fontSize} ${prop(s, '--pb-mono', 'monospace')}`,
    highContrast: contrastBorder !== null || hcClass,
  };
}

/**
 * Draws a marker shape centred at (x, y), about `r` pixels in radius. The legend draws the same shapes, so what the
 * lanes show is what the legend explains.
 */
export function drawMarker(
  ctx: CanvasRenderingContext2D,
  kind: MarkerKind,
  x: number,
  y: number,
  r: number,
  p: Palette,
): void {
  const color = p.markers[kind];
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  switch (kind) {
    case 'event': // a downward triangle sitting on the bar
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y - r);
      ctx.lineTo(x, y + r * 0.7);
      ctx.closePath();
      ctx.fill();
      outline(ctx, p);
      return;
    case 'dedup': // a small dot
      ctx.arc(x, y, Math.max(1, r * 0.35), 0, Math.PI * 2);
      ctx.fill();
      return;
    case 'round-error':
    case 'version-cap':
    case 'write-lost':
    case 'error': // a diamond
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = p.contrastBorder ?? p.bg;
      ctx.lineWidth = 1;
      ctx.stroke();
      return;
    case 'retry': // a ring
    case 'fault':
      ctx.arc(x, y, r * 0.8, 0, Math.PI * 2);
      ctx.lineWidth = 2;
      ctx.strokeStyle = p.bg;
      ctx.stroke();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = color;
      ctx.stroke();
      return;
    case 'abort': // a square
      ctx.rect(x - r * 0.75, y - r * 0.75, r * 1.5, r * 1.5);
      ctx.fill();
      ctx.strokeStyle = p.contrastBorder ?? p.bg;
      ctx.lineWidth = 1;
      ctx.stroke();
      return;
    case 'finalize': // a thick bar across the lane
      ctx.rect(x - 1.5, y - r * 1.2, 3, r * 2.4);
      ctx.fill();
      return;
    case 'barrier-replay': // an upward hollow triangle
      ctx.moveTo(x - r, y + r * 0.8);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x, y - r * 0.8);
      ctx.closePath();
      ctx.fillStyle = p.bg;
      ctx.fill();
      ctx.stroke();
      return;
  }
}

function outline(ctx: CanvasRenderingContext2D, p: Palette): void {
  if (!p.contrastBorder) return;
  ctx.strokeStyle = p.contrastBorder;
  ctx.lineWidth = 1;
  ctx.stroke();
}

/** A diagonal hatch for aborted segments, in the palette's foreground. */
export function hatchPattern(ctx: CanvasRenderingContext2D, color: string, dpr: number): CanvasPattern | null {
  const size = Math.round(6 * dpr);
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  const g = c.getContext('2d');
  if (!g) return null;
  g.strokeStyle = color;
  g.lineWidth = Math.max(1, dpr);
  g.beginPath();
  g.moveTo(0, size);
  g.lineTo(size, 0);
  g.moveTo(-size / 2, size / 2);
  g.lineTo(size / 2, -size / 2);
  g.moveTo(size / 2, size * 1.5);
  g.lineTo(size * 1.5, size / 2);
  g.stroke();
  const pat = ctx.createPattern(c, 'repeat');
  pat?.setTransform(new DOMMatrix().scale(1 / dpr));
  return pat;
}

/** Sizes a canvas to its CSS box times the device pixel ratio; returns the context scaled to CSS pixels. */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const hh = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w || canvas.height !== hh) {
    canvas.width = w;
    canvas.height = hh;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * Starts drawing a frame of a plot: the canvas fitted to `cssWidth` (default `width`) by `height`, the plot area
 * filled with the background, the palette's font set and text centred on its line.
 * @returns the context in CSS pixels, or null when the canvas has none.
 */
export function beginFrame(
  canvas: HTMLCanvasElement,
  p: Palette,
  width: number,
  height: number,
  cssWidth = width,
): CanvasRenderingContext2D | null {
  const ctx = fitCanvas(canvas, cssWidth, height);
  if (!ctx) return null;
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.font = p.font;
  ctx.textBaseline = 'middle';
  return ctx;
}
