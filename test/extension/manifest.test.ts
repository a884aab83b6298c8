// The manifest (root package.json) and the code agree: commands, settings, activation, trust, packaging.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../extension/src/commands';
import { DEFAULT_SETTINGS } from '../../extension/src/core/config';
import { TIMELINE_VIEW_TYPE } from '../../extension/src/protocol/webview-schema';
import { ROOT } from './support';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('contributes every command with a title and the category "plugbench", and nothing else', () => {
    const contributed = new Map<string, { title: string; category: string }>(
      pkg.contributes.commands.map((c: { command: string }) => [c.command, c]),
    );
    assert.deepEqual([...contributed.keys()].sort(), Object.values(Commands).sort());
    for (const [id, c] of contributed) {
      assert.ok(c.title, `${id} has no title`);
      assert.equal(c.category, 'plugbench', id);
    }
  });
  it('declares the settings the code reads, with the same defaults', () => {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(props).sort(),
      Object.keys(DEFAULT_SETTINGS)
        .map((k) => `plugbench.${k}`)
        .sort(),
    );
    for (const [k, v] of Object.entries(DEFAULT_SETTINGS)) assert.deepEqual(props[`plugbench.${k}`].default, v, k);
  });
  it('activates on fixtures and on a panel to restore, not on everything', () => {
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${TIMELINE_VIEW_TYPE}`));
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.fixture.json'));
    assert.ok(!pkg.activationEvents.includes('*'));
  });
  it('supports restricted mode in a limited way, and says what is limited', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /does not run/);
  });
  it('validates JSON fixtures with the schema it ships', () => {
    const v = pkg.contributes.jsonValidation[0];
    assert.deepEqual(v.fileMatch, ['*.fixture.json']);
    assert.ok(fs.existsSync(path.join(ROOT, v.url)), `${v.url} is missing`);
  });
  it('names icons and a main that exist after a build', () => {
    assert.equal(pkg.main, './dist/extension/extension.js');
    for (const c of pkg.contributes.viewsContainers.activitybar)
      assert.ok(fs.existsSync(path.join(ROOT, c.icon)), c.icon);
    assert.ok(pkg.engines.vscode.startsWith('^1.100'));
  });
});
