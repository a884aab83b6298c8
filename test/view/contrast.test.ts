// WCAG AA in every built-in VS Code theme and in the HTML report's own themes: the view's palette (theme.ts, the
// table the view resolves at run time) is resolved here from the real theme files of the installed code-server,
// with VS Code's registry defaults for what a theme leaves out, and every text colour must reach 4.5:1 on the
// surfaces it is written on, every mark 3:1 on the lanes, and the phases must be told apart from each other.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { AA, contrast, parseColour, type Rgba } from '../../view/src/colour';
import { REPORT_THEMES } from '../../view/src/report-theme';
import { contrastFailures, resolvePalette, type ThemeKind, type ThemeLookup } from '../../view/src/palette';
import { findVsCodeRoot, loadVsCodeThemes, type VsCodeTheme } from './vscode-themes';

const ROOT = path.resolve(__dirname, '../..');

const rgb = (hex: string): Rgba => {
  const c = parseColour(hex);
  assert.ok(c, `not a colour: ${hex}`);
  return c;
};

describe('view: contrast in VS Code themes', function () {
  this.timeout(60000);
  let themes: VsCodeTheme[];

  before(() => {
    // No themes, no test: a clear failure, never a pass.
    themes = loadVsCodeThemes(findVsCodeRoot(ROOT));
  });

  it('finds the built-in themes of every kind', () => {
    const ids = themes.map((t) => t.id);
    for (const id of [
      'Default Dark Modern',
      'Default Light Modern',
      'Default High Contrast',
      'Default High Contrast Light',
    ])
      assert.ok(ids.includes(id), `${id} not among ${ids.join(', ')}`);
    for (const kind of ['light', 'dark', 'hcDark', 'hcLight'] as ThemeKind[])
      assert.ok(
        themes.some((t) => t.kind === kind),
        `no ${kind} theme`,
      );
  });

  it('reads the colours a theme leaves out from VS Code defaults', () => {
    const hcLight = themes.find((t) => t.id === 'Default High Contrast Light')!;
    // charts.orange defaults to minimap.findMatchHighlight, blue in High Contrast Light: the reason phases are
    // picked for being told apart rather than taken as they come.
    assert.equal(hcLight.lookup('--vscode-charts-orange')?.toLowerCase(), '#0f4a85');
    const light = themes.find((t) => t.id === 'Default Light Modern')!;
    assert.ok(light.lookup('--vscode-editor-background'), 'Light Modern has an editor background');
  });

  it('reaches AA for every text colour and mark, with distinct phases, in every built-in theme', () => {
    const report: string[] = [];
    for (const t of themes) {
      const f = contrastFailures(resolvePalette(t.lookup, t.kind));
      if (f.length) report.push(`${t.id} (${t.extension}, ${t.kind}):\n  ${f.join('\n  ')}`);
    }
    assert.deepEqual(report, [], `contrast below WCAG AA:\n${report.join('\n')}`);
  });

  it('fails a palette that misses AA (the check can fail)', () => {
    const bad: ThemeLookup = (n) =>
      ({ '--vscode-editor-background': '#ffffff', '--vscode-foreground': '#777777' })[n as string];
    const p = resolvePalette(bad, 'light');
    // The resolver corrects the theme's grey...
    assert.ok(contrast(rgb(p.fg), rgb('#ffffff')) >= AA.text, p.fg);
    // ...and the checker catches a palette that was not corrected.
    assert.ok(contrastFailures({ ...p, fg: '#777777', onHold: '#ffffff', hold: '#1a85ff' }).length >= 2);
  });
});

describe('view: contrast in the HTML report', () => {
  for (const [kind, vars] of Object.entries(REPORT_THEMES) as [ThemeKind, Record<string, string>][]) {
    it(`reaches AA in its ${kind} theme`, () => {
      const lookup: ThemeLookup = (n) => vars[n];
      const p = resolvePalette(lookup, kind);
      assert.deepEqual(contrastFailures(p), []);
      // The report's own button and badge colours (VS Code brings its own).
      const pairs: [string, string][] = [
        ['--vscode-button-foreground', '--vscode-button-background'],
        ['--vscode-button-secondaryForeground', '--vscode-button-secondaryBackground'],
        ['--vscode-badge-foreground', '--vscode-badge-background'],
      ];
      for (const [fg, bg] of pairs) {
        const r = contrast(rgb(vars[fg]!), rgb(vars[bg]!));
        assert.ok(r >= AA.text, `${kind}: ${fg} ${vars[fg]} on ${bg} ${vars[bg]}: ${r.toFixed(2)}:1`);
      }
    });
  }
});
