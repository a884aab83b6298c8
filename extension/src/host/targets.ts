/**
 * What a command acts on. Commands are invoked from many places (a CodeLens, the tree, Test Explorer, the
 * explorer's context menu, the palette), each passing a different argument; this turns any of them into a
 * {@link Target}, falling back to the active fixture and then to a pick.
 *
 * @module
 */
import type { PlugbenchSettings } from '../core/config';
import type { FixtureIndex } from '../views/fixture-index';
import { targetOf } from '../views/fixtures-tree';
import type { VSCode } from '../vscode-types';

/** A fixture (and optionally one of its tasks) a command acts on. */
export interface Target {
  file: string;
  task?: string;
}

/** Finds the target of a command. */
export class TargetResolver {
  readonly #vscode: VSCode;
  readonly #index: FixtureIndex;
  readonly #settings: () => PlugbenchSettings;
  readonly #testItemTarget: (item: unknown) => Target | undefined;
  constructor(
    vscode: VSCode,
    index: FixtureIndex,
    settings: () => PlugbenchSettings,
    testItemTarget: (item: unknown) => Target | undefined = () => undefined,
  ) {
    this.#vscode = vscode;
    this.#index = index;
    this.#settings = settings;
    this.#testItemTarget = testItemTarget;
  }

  /** Finds what a command acts on: its argument, the active fixture, or the user's pick; calls `fn` with it if there is one. */
  async withTarget<T>(arg: unknown, fn: (t: Target) => Promise<T> | T): Promise<T | undefined> {
    const target = await this.target(arg);
    return target ? fn(target) : undefined;
  }

  /** The target of a command's argument, else the fixture in the active editor, else the one the user picks. */
  async target(arg: unknown): Promise<Target | undefined> {
    if (arg && typeof arg === 'object') {
      const a = arg as { file?: unknown; task?: unknown; fsPath?: unknown; uri?: { fsPath?: unknown } };
      if (typeof a.file === 'string') return { file: a.file, ...(typeof a.task === 'string' ? { task: a.task } : {}) };
      const fromTree = targetOf(arg) ?? this.#testItemTarget(arg);
      if (fromTree) return fromTree;
      if (typeof a.fsPath === 'string') return { file: a.fsPath };
      if (a.uri && typeof a.uri.fsPath === 'string') {
        // A test item that is not ours (another controller's): its id may still be the fixture path, or `path#task`.
        const id = (arg as { id?: unknown }).id;
        if (typeof id === 'string') {
          const [file, rest] = id.split('#');
          const task = rest && rest !== 'checks' && !rest.startsWith('checks/') ? rest.split('/')[0] : undefined;
          return { file: file!, ...(task ? { task } : {}) };
        }
        return { file: a.uri.fsPath as string };
      }
    }
    const doc = this.#vscode.window.activeTextEditor?.document;
    if (doc && this.#index.isFixture(doc.uri)) return { file: doc.uri.fsPath };
    const fixtures = this.#index.fixtures;
    if (fixtures.length === 0) {
      void this.#vscode.window.showInformationMessage(
        `plugbench: no fixtures found (plugbench.fixtureGlobs: ${this.#settings().fixtureGlobs.join(', ')}).`,
      );
      return undefined;
    }
    const pick = await this.#vscode.window.showQuickPick(
      fixtures.map((f) => ({
        label: f.name,
        description: f.label,
        detail: f.problems.length ? `$(error) ${f.problems[0]!.message}` : f.description,
        file: f.file,
      })),
      { title: 'plugbench: which fixture?', matchOnDescription: true },
    );
    return pick ? { file: pick.file } : undefined;
  }
}
