// The extension's pure helpers: globs, settings, history, YAML completion over the fixture schema, message schemas.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, readSettings } from '../../extension/src/core/config';
import { describeFixture } from '../../extension/src/core/fixture-info';
import { GlobSet, globToRegExp } from '../../extension/src/core/glob';
import { describeEntry, RunHistory, type MementoLike } from '../../extension/src/core/history';
import { schemaCompletions, yamlCursor, type JsonSchema } from '../../extension/src/core/yaml-complete';
import { readTimelineText } from '../../extension/src/core/timeline-file';
import { parseRunnerMessage } from '../../extension/src/protocol/runner-schema';
import { parsePanelState, parseWebviewMessage } from '../../extension/src/protocol/webview-schema';
import { ROOT } from './support';

describe('extension core', () => {
  describe('globs', () => {
    it('match VS Code glob syntax', () => {
      const cases: [string, string, boolean][] = [
        ['**/*.fixture.json', 'a.fixture.json', true],
        ['**/*.fixture.json', 'x/y/a.fixture.json', true],
        ['**/*.fixture.json', 'x/a.fixture.jsonc', false],
        ['**/*.fixture.{yaml,yml}', 'f/a.fixture.yml', true],
        ['**/plugins/**/*.ts', 'plugins/a.ts', true],
        ['**/plugins/**/*.ts', 'src/plugins/deep/a.ts', true],
        ['**/plugins/**/*.ts', 'src/plugin/a.ts', false],
        ['**/*plugin*.ts', 'my-plugin.ts', true],
        ['a?.ts', 'ab.ts', true],
        ['a?.ts', 'a/.ts', false],
        ['[ab].ts', 'b.ts', true],
        ['**/node_modules/**', 'x/node_modules/y/z.ts', true],
      ];
      for (const [g, p, want] of cases) assert.equal(globToRegExp(g).test(p), want, `${g} ~ ${p}`);
    });
    it('honour excludes', () => {
      const set = new GlobSet(['**/*.fixture.yaml'], ['**/node_modules/**']);
      assert.equal(set.matches('a/b.fixture.yaml'), true);
      assert.equal(set.matches('node_modules/p/b.fixture.yaml'), false);
    });
  });

  describe('settings', () => {
    it('fall back to the defaults and say which values were ignored', () => {
      const values: Record<string, unknown> = { fixtureGlobs: 'not a list', roundTimeoutMs: -1, codeLens: false, nodePath: 3 };
      const { settings, problems } = readSettings({ get: <T>(k: string) => values[k] as T });
      assert.deepEqual(settings.fixtureGlobs, DEFAULT_SETTINGS.fixtureGlobs);
      assert.equal(settings.roundTimeoutMs, DEFAULT_SETTINGS.roundTimeoutMs);
      assert.equal(settings.codeLens, false);
      assert.equal(settings.nodePath, '');
      assert.deepEqual(problems.sort(), [
        'plugbench.fixtureGlobs must be a list of glob strings; using the default',
        'plugbench.nodePath must be a string; ignored',
        'plugbench.roundTimeoutMs must be a positive number; using 5000',
      ]);
    });
  });

  describe('run history', () => {
    function memento(): MementoLike & { data: Map<string, unknown> } {
      const data = new Map<string, unknown>();
      return { data, get: <T>(k: string) => data.get(k) as T, update: async (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))) };
    }
    it('keeps the last 10, newest first, and survives a reload (a run left running counts as stopped)', () => {
      const m = memento();
      const h = new RunHistory(m);
      for (let i = 0; i < 12; i++) {
        const e = h.start({ kind: 'run', fixture: `/w/f${i}.fixture.yaml`, label: `f${i}.fixture.yaml` }, 1000 * i);
        if (i < 11) h.finish(e, 'finished', 'ok', i, 1000 * i + 5);
      }
      assert.equal(h.entries.length, 10);
      assert.equal(h.last?.label, 'f11.fixture.yaml');
      assert.equal(h.last?.outcome, 'running');
      const again = new RunHistory(m);
      assert.deepEqual(again.entries.map((e) => e.label).slice(0, 3), ['f11.fixture.yaml', 'f10.fixture.yaml', 'f9.fixture.yaml']);
      assert.equal(again.last?.outcome, 'stopped');
      const next = again.start({ kind: 'test', fixture: '/w/x', label: 'x' });
      assert.equal(next.id, 13);
    });
    it('ignores saved entries that are not entries', () => {
      const m = memento();
      m.data.set('plugbench.runHistory', [{ id: 1 }, 'x', { id: 2, fixture: '/f', label: 'f', startedAt: 1, outcome: 'passed', kind: 'test' }]);
      assert.equal(new RunHistory(m).entries.length, 1);
    });
    it('describes an entry for the picker', () => {
      const d = describeEntry({ id: 1, kind: 'test', fixture: '/w/a', label: 'a.fixture.yaml', task: 't', startedAt: 0, outcome: 'failed', rounds: 3, detail: '1 failed' });
      assert.equal(d.label, '$(error) test a.fixture.yaml › t');
      assert.match(d.description, /^failed · 3 rounds · /);
      assert.equal(d.detail, '1 failed');
    });
  });

  describe('fixture info', () => {
    it('lists tasks with their lines and plugins of a valid fixture', () => {
      const file = path.join(ROOT, 'examples/fixtures/echo-instant.fixture.json');
      const info = describeFixture(fs.readFileSync(file, 'utf8'), file);
      assert.deepEqual(info.problems, []);
      assert.deepEqual(info.tasks.map((t) => t.id), ['first', 'flaky', 'later']);
      assert.deepEqual(info.plugins, [path.join(ROOT, 'examples/plugins/echo.ts')]);
      assert.ok(info.tasks.every((t) => t.line > 0));
    });
    it('still lists tasks of an invalid fixture, and places its problems', () => {
      const info = describeFixture('tasks:\n  - id: a\n    type: x\n    expect: { rounds: zero }\n  - type: y\n', '/w/x.fixture.yaml');
      assert.deepEqual(info.tasks.map((t) => `${t.id}@${t.line}`), ['a@1', 'tasks[1]@4']);
      assert.ok(info.problems.some((p) => p.line === 4 && /expected number/.test(p.message)), JSON.stringify(info.problems));
      assert.equal(info.parsed, true);
    });
    it('survives text that is not YAML at all', () => {
      const info = describeFixture('tasks: [\n', '/w/x.fixture.yaml');
      assert.equal(info.parsed, false);
      assert.ok(info.problems.length > 0);
    });
  });

  describe('YAML completion from the fixture JSON Schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'harness/schema/fixture.schema.json'), 'utf8')) as JsonSchema;
    const complete = (text: string) => {
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('|'));
      const character = lines[line]!.indexOf('|');
      lines[line] = lines[line]!.replace('|', '');
      const cursor = yamlCursor(lines.join('\n'), line, character);
      return cursor ? schemaCompletions(schema, cursor).map((c) => c.label) : undefined;
    };
    it('offers the top-level keys not written yet', () => {
      const labels = complete('name: x\n|\n')!;
      assert.ok(labels.includes('plugin') && labels.includes('tasks') && labels.includes('executor'));
      assert.ok(!labels.includes('name'));
    });
    it('offers the keys of a task inside the list', () => {
      const labels = complete('tasks:\n  - id: a\n    ex|\n')!;
      assert.deepEqual(labels, ['execution', 'expect']);
    });
    it('offers enum values after a key', () => {
      assert.deepEqual(complete('tasks:\n  - id: a\n    expect:\n      nodePhase: Suc|\n'), ['Succeeding', 'Succeeded']);
      assert.deepEqual(complete('executor:\n  resourceManager:\n    type: |\n'), ['noop', 'redis']);
    });
    it('offers booleans and the kinds of faults', () => {
      assert.deepEqual(complete('executor:\n  barrier: |\n'), ['true', 'false']);
      const kinds = complete('world:\n  faults:\n    - kind: |\n')!;
      assert.ok(kinds.includes('throw') && kinds.includes('lose-state-write'), kinds.join(','));
    });
    it('inserts snippets that continue below objects and lists', () => {
      const cursor = yamlCursor('tasks:\n  - id: a\n    \n', 2, 4)!;
      const items = schemaCompletions(schema, cursor);
      assert.equal(items.find((i) => i.label === 'expect')?.insert, 'expect:\n\t$0');
      assert.equal(items.find((i) => i.label === 'labels')?.insert, 'labels:\n\t$0');
      assert.equal(items.find((i) => i.label === 'retries')?.insert, 'retries: $0');
    });
  });

  describe('timeline files', () => {
    it('open golden timelines, whose canonical projection drops seq and wall times', () => {
      const dir = path.join(ROOT, 'examples/golden');
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')) : [];
      for (const f of files) {
        const records = readTimelineText(fs.readFileSync(path.join(dir, f), 'utf8'), f);
        assert.ok(records.some((r) => r.kind === 'call'), f);
        assert.deepEqual(records.map((r) => r.seq), records.map((_, i) => i), f);
      }
    });
    it('say which line is wrong', () => {
      assert.throws(() => readTimelineText('{"v":1,"kind":"run.started"}\nnot json\n', 't.ndjson'), (e: Error) => /t\.ndjson:1 \$\.seed/.test(e.message) && /t\.ndjson:2 \$: not JSON/.test(e.message));
    });
  });

  describe('message validation', () => {
    it('accepts the webview messages of the protocol and nothing else', () => {
      assert.equal(parseWebviewMessage({ type: 'intent', intent: { type: 'runToEnd', breakpoints: [{ kind: 'phase', phase: 'Success' }] } }).ok, true);
      assert.equal(parseWebviewMessage({ type: 'ready', state: { fixture: '/f', rounds: 3, ui: { cursor: 2 } } }).ok, true);
      for (const bad of [
        { type: 'intent', intent: { type: 'runToEnd', breakpoints: [{ kind: 'phase', phase: 'Sucess' }] } },
        { type: 'intent', intent: { type: 'seek', call: -2 } },
        { type: 'intent', intent: { type: 'seek', call: 1.5 } },
        { type: 'command', command: 'exec' },
        { type: 'ready', state: { fixture: '', rounds: 0 } },
        { type: 'eval', code: '1' },
        null,
      ]) {
        const r = parseWebviewMessage(bad);
        assert.equal(r.ok, false, JSON.stringify(bad));
      }
    });
    it('reads only valid saved panel states', () => {
      assert.deepEqual(parsePanelState({ fixture: '/f', rounds: 2 }), { fixture: '/f', rounds: 2 });
      assert.equal(parsePanelState({ fixture: '/f', rounds: -1 }), undefined);
      assert.equal(parsePanelState('x'), undefined);
    });
    it('validates runner messages, including every timeline record', () => {
      assert.equal(parseRunnerMessage({ type: 'progress', rounds: 3 }).ok, true);
      const bad = parseRunnerMessage({ type: 'records', records: [{ v: 1, seq: 0, at: 0, kind: 'call', task: 'a' }] });
      assert.equal(bad.ok, false);
      assert.match((bad as { error: string }).error, /records/);
      assert.equal(parseRunnerMessage({ type: 'result', id: 1, ok: false }).ok, false);
      assert.equal(parseRunnerMessage({ type: 'hello', protocol: 1, pid: 1, node: 'v20' }).ok, true);
    });
  });
});
