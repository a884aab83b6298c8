/**
 * Colour arithmetic for the view's palette: parse CSS colours, composite translucent ones over their background,
 * WCAG 2 contrast ratios, and the small corrections that keep a theme's colour readable. Pure functions, no DOM: the
 * contrast test runs the same code on VS Code's theme files.
 *
 * @module
 */

/** An sRGB colour, channels 0..255, alpha 0..1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** WCAG AA minimums: text, and graphical marks (and large text). */
export const AA = { text: 4.5, mark: 3 } as const;

const NAMED: Readonly<Record<string, string>> = {
  white: '#ffffff',
  black: '#000000',
  transparent: '#00000000',
  lightgrey: '#d3d3d3',
  red: '#ff0000',
};

/** Parses `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()` and a few names; undefined otherwise. */
export function parseColour(text: string | undefined | null): Rgba | undefined {
  if (!text) return undefined;
  const s = (NAMED[text.trim().toLowerCase()] ?? text).trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(s);
  if (hex) return parseHex(hex[1]!);
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(s);
  if (!fn) return undefined;
  const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
  return { r: +fn[1]!, g: +fn[2]!, b: +fn[3]!, a: alpha };
}

function parseHex(h: string): Rgba | undefined {
  const full = h.length <= 4 ? [...h].map((c) => c + c).join('') : h;
  if (full.length !== 6 && full.length !== 8) return undefined;
  const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
  return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
}

/** `#rrggbb` (or `#rrggbbaa` when translucent). */
export function toHex(c: Rgba): string {
  const x = (v: number) =>
    Math.round(Math.max(0, Math.min(255, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${x(c.r)}${x(c.g)}${x(c.b)}${c.a < 1 ? x(c.a * 255) : ''}`;
}

/** `top` painted over the opaque `under`, as the browser blends it. */
export function over(top: Rgba, under: Rgba): Rgba {
  // Whole channels, as a page has them: a ratio computed here is the ratio of the colour the view sets.
  const a = top.a;
  return {
    r: Math.round(top.r * a + under.r * (1 - a)),
    g: Math.round(top.g * a + under.g * (1 - a)),
    b: Math.round(top.b * a + under.b * (1 - a)),
    a: 1,
  };
}

/** WCAG 2 relative luminance of an opaque colour. */
export function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2 contrast ratio of `fg` (composited over `bg`) against the opaque `bg`: 1..21. */
export function contrast(fg: Rgba, bg: Rgba): number {
  const a = luminance(over(fg, bg));
  const b = luminance(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** The lowest contrast of `fg` against each of `bgs`. */
export function minContrast(fg: Rgba, bgs: readonly Rgba[]): number {
  return Math.min(...bgs.map((b) => contrast(fg, b)));
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };

/**
 * `c` moved toward black or white (whichever the backgrounds are furthest from) until it reaches `min` against every
 * one of `bgs`; `c` itself when it already does. Keeps the hue, so a theme's orange stays an orange.
 */
export function ensureContrast(c: Rgba, bgs: readonly Rgba[], min: number): Rgba {
  const solid = over(c, bgs[0]!);
  if (minContrast(solid, bgs) >= min) return solid;
  const meanL = bgs.reduce((s, b) => s + luminance(b), 0) / bgs.length;
  const targets = meanL > 0.18 ? [BLACK, WHITE] : [WHITE, BLACK];
  let best = solid;
  for (const target of targets) {
    for (let t = 0.05; t <= 1.0001; t += 0.05) {
      const m = mix(solid, target, t);
      if (minContrast(m, bgs) >= min) return m;
      if (minContrast(m, bgs) > minContrast(best, bgs)) best = m;
    }
  }
  return best;
}

/** Black or white, or `preferred` when it reads: the text colour on a fill. */
export function textOn(fill: Rgba, preferred: readonly Rgba[] = []): Rgba {
  for (const p of preferred) if (contrast(p, fill) >= AA.text) return over(p, fill);
  return contrast(WHITE, fill) >= contrast(BLACK, fill) ? WHITE : BLACK;
}

/** `a` moved `t` (0..1) of the way to `b`. */
export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const m = (x: number, y: number) => Math.round(x + (y - x) * t);
  return { r: m(a.r, b.r), g: m(a.g, b.g), b: m(a.b, b.b), a: 1 };
}

/** `c` with its hue turned by `degrees` in Lab, lightness and chroma kept (clipped to sRGB). */
export function rotateHue(c: Rgba, degrees: number): Rgba {
  const [l, a, b] = lab(c);
  const t = (degrees * Math.PI) / 180;
  return fromLab(l, a * Math.cos(t) - b * Math.sin(t), a * Math.sin(t) + b * Math.cos(t));
}

function fromLab(l: number, a: number, b: number): Rgba {
  const fy = (l + 16) / 116;
  const inv = (f: number) => (f ** 3 > 0.008856 ? f ** 3 : (f - 16 / 116) / 7.787);
  const x = inv(fy + a / 500) * 0.95047;
  const y = inv(fy);
  const z = inv(fy - b / 200) * 1.08883;
  const gamma = (v: number) => {
    const s = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    return Math.round(Math.max(0, Math.min(1, s)) * 255);
  };
  return {
    r: gamma(3.2406 * x - 1.5372 * y - 0.4986 * z),
    g: gamma(-0.9689 * x + 1.8758 * y + 0.0415 * z),
    b: gamma(0.0557 * x - 0.204 * y + 1.057 * z),
    a: 1,
  };
}

/** CIE76 colour difference in Lab: about 2.3 is just noticeable, 20 tells two chart colours apart at a glance. */
export function deltaE(a: Rgba, b: Rgba): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** CIE Lab (D65) of an sRGB colour. */
export function lab(c: Rgba): [number, number, number] {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  const [r, g, b] = [lin(c.r), lin(c.g), lin(c.b)];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
