/**
 * The plugbench view in the Test container's neighbour (the explorer): fixtures with their tasks, and plugins with
 * the fixtures that use them. An invalid fixture shows its first problem, so a broken file is never just missing.
 *
 * @module
 */
import * as path from 'node:path';
import type { TreeDataProvider, TreeItem, VSCode } from '../vscode-types';
import type { FixtureEntry, FixtureIndex, PluginFileEntry } from './fixture-index';

/** A node of the tree. */
export type TreeNode =
  | { kind: 'group'; group: 'fixtures' | 'plugins' }
  | { kind: 'fixture'; fixture: FixtureEntry }
  | { kind: 'task'; fixture: FixtureEntry; task: string; line: number; type?: string; expects: string[] }
  | { kind: 'problem'; fixture: FixtureEntry; message: string; line: number }
  | { kind: 'plugin'; plugin: PluginFileEntry }
  | { kind: 'usedBy'; fixture: FixtureEntry }
  | { kind: 'empty'; message: string };

/** The tree data. */
export class FixturesTree implements TreeDataProvider<TreeNode> {
  readonly #emitter;
  readonly onDidChangeTreeData;
  #trusted: () => boolean;

  readonly #vscode: VSCode;
  readonly #index: FixtureIndex;
  constructor(vscode: VSCode, index: FixtureIndex, trusted: () => boolean) {
    this.#vscode = vscode;
    this.#index = index;
    this.#emitter = new vscode.EventEmitter<TreeNode | undefined>();
    this.onDidChangeTreeData = this.#emitter.event;
    this.#trusted = trusted;
  }

  refresh(): void {
    this.#emitter.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node)
      return [
        { kind: 'group', group: 'fixtures' },
        { kind: 'group', group: 'plugins' },
      ];
    switch (node.kind) {
      case 'group':
        if (node.group === 'fixtures') {
          const fx = this.#index.fixtures;
          return fx.length
            ? fx.map((fixture) => ({ kind: 'fixture', fixture }))
            : [{ kind: 'empty', message: 'No fixtures match plugbench.fixtureGlobs' }];
        } else {
          const pl = this.#index.plugins;
          return pl.length
            ? pl.map((plugin) => ({ kind: 'plugin', plugin }))
            : [{ kind: 'empty', message: 'No plugins match plugbench.pluginGlobs' }];
        }
      case 'fixture': {
        const f = node.fixture;
        const problems: TreeNode[] = f.problems
          .filter((p) => p.file === f.file)
          .slice(0, 3)
          .map((p) => ({ kind: 'problem', fixture: f, message: `${p.path}: ${p.message}`, line: p.line - 1 }));
        return [
          ...problems,
          ...f.tasks.map((t): TreeNode => ({
            kind: 'task',
            fixture: f,
            task: t.id,
            line: t.line,
            ...(t.type ? { type: t.type } : {}),
            expects: t.expects,
          })),
        ];
      }
      case 'plugin':
        return node.plugin.fixtures.map((fixture) => ({ kind: 'usedBy', fixture }));
      default:
        return [];
    }
  }

  getTreeItem(node: TreeNode): TreeItem {
    const v = this.#vscode;
    const None = v.TreeItemCollapsibleState.None;
    const open = (uri: import('vscode').Uri, line = 0) => ({
      command: 'vscode.open',
      title: 'Open',
      arguments: [uri, { selection: new v.Range(line, 0, line, 0) }],
    });
    switch (node.kind) {
      case 'group': {
        const n = node.group === 'fixtures' ? this.#index.fixtures.length : this.#index.plugins.length;
        const item = new v.TreeItem(
          node.group === 'fixtures' ? 'Fixtures' : 'Plugins',
          v.TreeItemCollapsibleState.Expanded,
        );
        item.id = `group:${node.group}`;
        item.description = String(n);
        item.contextValue = `plugbench.group.${node.group}`;
        return item;
      }
      case 'fixture': {
        const f = node.fixture;
        const bad = f.problems.length > 0;
        const item = new v.TreeItem(f.name, f.tasks.length || bad ? v.TreeItemCollapsibleState.Collapsed : None);
        item.id = `fixture:${f.file}`;
        item.resourceUri = f.uri;
        item.description = bad
          ? `${f.problems.length} problem${f.problems.length === 1 ? '' : 's'} · ${f.label}`
          : f.label;
        item.tooltip = [
          f.label,
          f.description,
          f.expectFailure ? `Fails on purpose: ${f.expectFailure}` : undefined,
          bad ? f.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n') : undefined,
        ]
          .filter(Boolean)
          .join('\n');
        item.iconPath = new v.ThemeIcon(
          bad ? 'error' : f.expectFailure ? 'debug-breakpoint-conditional-unverified' : 'beaker',
          bad ? new v.ThemeColor('problemsErrorIcon.foreground') : undefined,
        );
        item.contextValue = bad
          ? 'plugbench.fixture.invalid'
          : this.#trusted()
            ? 'plugbench.fixture'
            : 'plugbench.fixture.restricted';
        item.command = open(f.uri, f.headLine);
        return item;
      }
      case 'task': {
        const item = new v.TreeItem(node.task, None);
        item.id = `task:${node.fixture.file}#${node.task}`;
        item.description = [node.type, node.expects.length ? `expects ${node.expects.join(', ')}` : undefined]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new v.ThemeIcon('symbol-event');
        item.contextValue =
          this.#trusted() && node.fixture.problems.length === 0 ? 'plugbench.task' : 'plugbench.task.restricted';
        item.command = open(node.fixture.uri, node.line);
        return item;
      }
      case 'problem': {
        const item = new v.TreeItem(node.message, None);
        item.iconPath = new v.ThemeIcon('warning', new v.ThemeColor('problemsErrorIcon.foreground'));
        item.command = open(node.fixture.uri, node.line);
        item.contextValue = 'plugbench.problem';
        return item;
      }
      case 'plugin': {
        const p = node.plugin;
        const item = new v.TreeItem(
          path.basename(p.uri.fsPath),
          p.fixtures.length ? v.TreeItemCollapsibleState.Collapsed : None,
        );
        item.id = `plugin:${p.uri.fsPath}`;
        item.resourceUri = p.uri;
        const used = p.fixtures.length ? ` · ${p.fixtures.length} fixture${p.fixtures.length === 1 ? '' : 's'}` : '';
        item.description = `${p.missing ? 'missing · ' : ''}${p.label}${used}`;
        if (p.missing) {
          // Named by a fixture, but no file: say so, and open the fixture that names it instead of an empty editor.
          item.tooltip = `No file at ${p.uri.fsPath}: the fixtures that name it cannot run`;
          item.iconPath = new v.ThemeIcon('warning', new v.ThemeColor('problemsErrorIcon.foreground'));
          item.contextValue = 'plugbench.plugin.missing';
          const first = p.fixtures[0];
          const at = first?.problems.find((x) => x.path.endsWith('.module') && x.message.includes(p.uri.fsPath));
          if (first) item.command = open(first.uri, at ? at.line - 1 : first.headLine);
          return item;
        }
        item.iconPath = new v.ThemeIcon('plug');
        item.contextValue = 'plugbench.plugin';
        item.command = open(p.uri);
        return item;
      }
      case 'usedBy': {
        const item = new v.TreeItem(node.fixture.name, None);
        item.description = node.fixture.label;
        item.iconPath = new v.ThemeIcon('beaker');
        item.contextValue = this.#trusted() ? 'plugbench.fixture' : 'plugbench.fixture.restricted';
        item.command = open(node.fixture.uri, node.fixture.headLine);
        return item;
      }
      case 'empty': {
        const item = new v.TreeItem(node.message, None);
        item.iconPath = new v.ThemeIcon('info');
        item.command = { command: 'workbench.action.openSettings', title: 'Settings', arguments: ['plugbench.'] };
        return item;
      }
    }
  }

  getParent(): undefined {
    return undefined;
  }
}

/** Fixture file and task of a tree node, for commands run from its context menu. */
export function targetOf(node: unknown): { file: string; task?: string } | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const n = node as Partial<TreeNode> & { fixture?: FixtureEntry; task?: string };
  if ((n.kind === 'fixture' || n.kind === 'usedBy') && n.fixture) return { file: n.fixture.file };
  if (n.kind === 'task' && n.fixture && typeof n.task === 'string') return { file: n.fixture.file, task: n.task };
  return undefined;
}
