// Imports point one way (sdk <- view <- harness <- extension); in the extension, the core, the protocol and the
// session have no vscode; the harness's runner process has no host code, its client runs no plugin code, and the
// protocol both sides share is pure; the webview bundle holds nothing that needs eval or node (no zod, no node modules). That the view and the
// webview use nothing of Node is proven by their tsconfigs (DOM libs, no Node types); these rules are what a compiler
// cannot see.
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

/** Whether `file` (relative to the root) is in `extension/src/<folder>/`. */
function inFolder(file: string, folder: string): boolean {
  return file.startsWith(path.join('extension', 'src', folder) + path.sep);
}

describe('extension boundaries', () => {
  it('only extension.ts imports vscode as a value; the core, the protocol and the session import no vscode at all', () => {
    for (const f of files('extension/src')) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      if (f.endsWith(path.join('src', 'extension.ts'))) continue;
      assert.doesNotMatch(text, /^import (?!type)[^;]*from 'vscode'/m, `${f} imports vscode as a value`);
      if (inFolder(f, 'core') || inFolder(f, 'protocol') || inFolder(f, 'session')) {
        assert.ok(!imports(f).some((i) => i === 'vscode' || i.endsWith('vscode-types')), `${f} depends on vscode`);
      }
    }
  });

  it('the runner process (harness/src/runner/process) imports only the protocol, the harness and the SDK: never the client', () => {
    const runnerProcess = files('harness/src/runner/process');
    assert.ok(runnerProcess.length > 0);
    for (const f of runnerProcess) {
      for (const i of imports(f)) {
        assert.ok(
          i.startsWith('./') ||
            i.startsWith('../protocol/') ||
            (i.startsWith('../../') && !i.startsWith('../../runner')) ||
            i.startsWith('@plugbench/sdk') ||
            i.startsWith('node:') ||
            i === 'zod',
          `${f} imports ${i}`,
        );
      }
    }
  });

  it("the runner's protocol is shared and pure: it imports only itself, the SDK's timeline and zod", () => {
    for (const f of files('harness/src/runner/protocol')) {
      for (const i of imports(f)) {
        assert.ok(
          i.startsWith('./') || i === '@plugbench/sdk/timeline' || i === 'zod' || i === 'node:net',
          `${f} imports ${i}`,
        );
      }
    }
  });

  it("the runner's client runs no plugin code: it imports the protocol, zod and Node, not the process nor the rest of the harness", () => {
    for (const f of files('harness/src/runner/client')) {
      for (const i of imports(f)) {
        assert.ok(
          i.startsWith('./') ||
            i.startsWith('../protocol/') ||
            i === '@plugbench/sdk/timeline' ||
            i === 'zod' ||
            i.startsWith('node:'),
          `${f} imports ${i}`,
        );
      }
    }
  });

  it('the extension reaches the runner only through @plugbench/harness/runner, and forks it rather than importing the process', () => {
    for (const f of files('extension/src')) {
      for (const i of imports(f))
        assert.ok(!/runner-process|runner\/process|runner\/client|runner\/protocol/.test(i), `${f} imports ${i}`);
    }
    for (const f of files('extension/src/protocol')) {
      for (const i of imports(f))
        assert.ok(i.startsWith('./') || i === '@plugbench/sdk/timeline' || i === 'zod', `${f} imports ${i}`);
    }
  });

  it('the webview imports only the view and its own protocol types', () => {
    for (const f of files('extension/webview')) {
      for (const i of imports(f)) {
        assert.ok(
          i === '@plugbench/view' ||
            i === '@plugbench/view/types' ||
            i === '../src/protocol/webview-messages' ||
            i.startsWith('./'),
          `${f} imports ${i}`,
        );
      }
    }
  });

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

  it("the view imports only the SDK's timeline and itself", () => {
    for (const f of files('view/src'))
      for (const i of imports(f)) assert.ok(i === '@plugbench/sdk/timeline' || i.startsWith('./'), `${f} imports ${i}`);
  });

  it('the SDK imports neither the view, the harness nor the extension; the harness not the extension', () => {
    for (const f of files('sdk/src'))
      for (const i of imports(f)) assert.ok(!/harness|view|extension\//.test(i), `${f} imports ${i}`);
    for (const f of files('harness/src'))
      for (const i of imports(f)) assert.ok(!/(^|\/)extension\//.test(i), `${f} imports ${i}`);
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
