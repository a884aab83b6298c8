// The layers (sdk <- view <- harness <- extension; vscode only in the extension host; the runner process with no host
// code, its client with no plugin code, its protocol pure; the view with only @plugbench/sdk/timeline) are rules of
// eslint.config.mjs (no-restricted-imports per folder), checked by `npm run lint`; that the view and the webview use
// nothing of Node is proven by their tsconfigs (DOM libs, no Node types). What neither can see is pinned here: what
// the built webview bundle holds, and that no relative path climbs from one package into another's files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureRunnerBuilt, ROOT } from './support';

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

describe('boundaries the linter cannot see', () => {
  it('the webview bundle holds no zod, no eval and no node module', () => {
    ensureRunnerBuilt();
    const js = fs.readFileSync(path.join(ROOT, 'dist/webview/main.js'), 'utf8');
    assert.doesNotMatch(js, /new Function\(|\beval\(/);
    const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/webview/main.js.map'), 'utf8')) as {
      sources: string[];
    };
    const deps = map.sources.filter((s) => s.includes('node_modules'));
    assert.deepEqual(deps, []);
  });

  it("no package is reached through another's files: only through its exports", () => {
    for (const dir of ['sdk/src', 'view/src', 'harness/src', 'extension/src', 'extension/webview']) {
      for (const f of files(dir)) {
        for (const i of imports(f)) {
          assert.ok(!/^@plugbench\/(sdk|harness|view)\/src\b/.test(i), `${f} imports ${i}`);
          assert.ok(
            !i.startsWith('.') ||
              path.normalize(path.join(path.dirname(f), i)).startsWith(path.normalize(dir.split('/')[0]!)),
            `${f} imports ${i}`,
          );
        }
      }
    }
  });
});
