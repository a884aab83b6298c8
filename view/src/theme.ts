/**
 * The palette in the page: reads the theme's variables from the view root's computed style, resolves them
 * (./palette) and sets the results as the `--pb-*` properties the CSS reads; and the canvas helpers that draw with
 * it (marker shapes, the abort hatch, fitting a canvas to its box).
 *
 * @module
 */
import type { MarkerKind } from '@plugbench/sdk/timeline';
import { PHASES, resolvePalette, type PaletteColours, type ThemeKind, type ThemeLookup, type Palette } from './palette';

export * from './palette';

/** The kind of theme of a page: the webview body's class, or for the report the OS settings. */
export function themeKindOf(doc: Document): ThemeKind {
  const c = doc.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'hcLight';
  if (c.contains('vscode-high-contrast')) return 'hcDark';
  if (c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark')) return 'dark';
  const mq = (q: string) => doc.defaultView?.matchMedia(q).matches ?? false;
  if (mq('(forced-colors: active)') || mq('(prefers-contrast: more)')) return 'hcDark';
  return mq('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

/**
 * Reads the palette from the computed style of the view root and sets the resolved colours on it as `--pb-*`
 * properties, so that the CSS and the canvases use the same, corrected, colours.
 */
export function readPalette(el: HTMLElement): Palette {
  const s = getComputedStyle(el);
  const lookup: ThemeLookup = (name) => s.getPropertyValue(name).trim() || undefined;
  const colours = resolvePalette(lookup, themeKindOf(el.ownerDocument));
  applyPalette(el, colours);
  const fontSize = s.getPropertyValue('--pb-font-size').trim() || '12px';
  return {
    ...colours,
    font: `${fontSize} ${s.fontFamily || 'sans-serif'}`,
    monoFont: `${fontSize} ${s.getPropertyValue('--pb-mono').trim() || 'monospace'}`,
  };
}

/** The resolved colours as the `--pb-*` properties the CSS reads. */
export function paletteProperties(p: PaletteColours): Record<string, string> {
  const props: Record<string, string> = {
    '--pb-bg': p.bg,
    '--pb-fg': p.fg,
    '--pb-muted': p.muted,
    '--pb-lane-alt': p.laneAlt,
    '--pb-selection': p.selection,
    '--pb-code-bg': p.codeBg,
    '--pb-widget-bg': p.widgetBg,
    '--pb-focus': p.focus,
    '--pb-error': p.error,
    '--pb-hold': p.hold,
    '--pb-on-hold': p.onHold,
    '--pb-waiting': p.waiting,
  };
  for (const ph of PHASES) {
    props[`--pb-phase-${ph}`] = p.phases[ph];
    props[`--pb-on-phase-${ph}`] = p.onPhases[ph];
  }
  return props;
}

function applyPalette(el: HTMLElement, p: PaletteColours): void {
  for (const [k, v] of Object.entries(paletteProperties(p))) el.style.setProperty(k, v);
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
    case 'retry': // a disc of the failure's colour, ringed in the text colour picked for that fill
    case 'fault':
      ctx.arc(x, y, r * 0.8, 0, Math.PI * 2);
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = p.onPhases.RetryableFailure;
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
