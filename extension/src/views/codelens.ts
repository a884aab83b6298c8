/**
 * CodeLens on fixture files: Run, Step, Test and Debug above the `tasks` key, and Run and Step above each task.
 * vscode-jest's users asked for such inline entry points back when they were removed (#961). In restricted mode
 * a single lens says why nothing runs.
 *
 * @module
 */
import { Commands } from '../commands';
import type { CodeLens, CodeLensProvider, TextDocument, VSCode } from '../vscode-types';
import type { FixtureIndex } from './fixture-index';

/** The lenses on a fixture's first line, in order: each runs the fixture (`arguments: [{ file }]`). */
const FIXTURE_LENSES = [
  {
    title: '$(play) Run',
    command: Commands.runFixture,
    tooltip: 'Run every task to the end and show the timeline',
  },
  {
    title: '$(debug-step-over) Step',
    command: Commands.stepFixture,
    tooltip: 'Open the timeline before the first round and step',
  },
  {
    title: '$(beaker) Test',
    command: Commands.testFixture,
    tooltip: 'Check the expectations and the contract checks (Test Explorer)',
  },
  {
    title: '$(debug-alt) Debug',
    command: Commands.debugFixture,
    tooltip: 'Step with the Node debugger attached: breakpoints in the plugin hit',
  },
] as const;

/** The lenses. */
export class FixtureCodeLens implements CodeLensProvider {
  readonly #emitter;
  readonly onDidChangeCodeLenses;

  readonly #vscode: VSCode;
  readonly #index: FixtureIndex;
  readonly #enabled: () => boolean;
  readonly #trusted: () => boolean;
  constructor(vscode: VSCode, index: FixtureIndex, enabled: () => boolean, trusted: () => boolean) {
    this.#vscode = vscode;
    this.#index = index;
    this.#enabled = enabled;
    this.#trusted = trusted;
    this.#emitter = new vscode.EventEmitter<void>();
    this.onDidChangeCodeLenses = this.#emitter.event;
  }

  refresh(): void {
    this.#emitter.fire();
  }

  provideCodeLenses(document: TextDocument): CodeLens[] {
    if (!this.#enabled() || !this.#index.isFixture(document.uri)) return [];
    const v = this.#vscode;
    const entry = this.#index.get(document.uri.fsPath);
    const head = new v.Range(entry?.headLine ?? 0, 0, entry?.headLine ?? 0, 0);
    const arg = { file: document.uri.fsPath };
    if (!this.#trusted()) {
      return [
        new v.CodeLens(head, {
          title: '$(shield) plugbench runs plugin code only in a trusted workspace: Manage Workspace Trust',
          command: Commands.manageTrust,
          tooltip: 'Running a fixture bundles and runs the plugin code it names; restricted mode only validates.',
        }),
      ];
    }
    if (entry && entry.problems.length > 0) {
      return [
        new v.CodeLens(head, {
          title: `$(error) ${entry.problems.length} problem${entry.problems.length === 1 ? '' : 's'}: fix the fixture to run it`,
          command: 'workbench.actions.view.problems',
        }),
      ];
    }
    const lenses = FIXTURE_LENSES.map(
      ({ title, command, tooltip }) => new v.CodeLens(head, { title, command, arguments: [arg], tooltip }),
    );
    // Per-task lenses only where there is a choice.
    for (const t of (entry?.tasks.length ?? 0) > 1 ? entry!.tasks : []) {
      const r = new v.Range(t.line, 0, t.line, 0);
      const targ = { file: document.uri.fsPath, task: t.id };
      lenses.push(
        new v.CodeLens(r, { title: `$(play) Run ${t.id}`, command: Commands.runFixture, arguments: [targ] }),
        new v.CodeLens(r, { title: '$(debug-step-over) Step', command: Commands.stepFixture, arguments: [targ] }),
      );
    }
    return lenses;
  }
}
