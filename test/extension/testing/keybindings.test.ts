// The manifest's keybindings of the timeline actions: each names the timeline's own webview type and fixture files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../../extension/src/commands';
import { TIMELINE_VIEW_TYPE } from '../../../extension/src/protocol/webview-schema';
import { ROOT } from '../support';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { keybindings?: Keybinding[] };
};

describe('keybindings of the timeline actions', () => {
  const bindings = manifest.contributes.keybindings ?? [];
  const of = (command: string) => bindings.filter((b) => b.command === command);

  it('binds Step, Back, Run to next event and Run to end once each, to keys the debugger does not use', () => {
    const keys = [Commands.step, Commands.stepBack, Commands.runToNextEvent, Commands.runToEnd].map((c) => {
      assert.equal(of(c).length, 1, c);
      return of(c)[0]!.key;
    });
    assert.equal(new Set(keys).size, keys.length, keys.join(', '));
    for (const k of keys) assert.doesNotMatch(k, /^(shift\+)?f(5|9|10|11)$/, `${k} is a debugger key`);
  });

  it('acts in the timeline (its own webview type) while no view has focus, and in fixture editors', () => {
    for (const b of bindings.filter((x) => x.command.startsWith('plugbench.'))) {
      const when = b.when ?? '';
      assert.ok(when.includes(`activeWebviewPanelId == '${TIMELINE_VIEW_TYPE}' && !focusedView`), when);
      const re = /resourceFilename =~ \/(.+)\/$/.exec(when);
      assert.ok(re && when.includes('editorTextFocus'), when);
      const pattern = new RegExp(re[1]!);
      for (const name of ['webapi-quota.fixture.yaml', 'a.fixture.yml', 'echo-instant.fixture.json'])
        assert.match(name, pattern);
      for (const name of ['values.yaml', 'fixture.yaml', 'a.fixture.yaml.bak']) assert.doesNotMatch(name, pattern);
    }
  });
});
