/**
 * The Test Explorer items of one fixture: the fixture, a child per task, below it a child per expectation the task
 * writes, and a "contract checks" child. Item ids are unique by construction (a repeated task id, a task called
 * `checks`, an expectation key written twice each get an id of their own), so no fixture, however broken, makes
 * VS Code refuse the items; and each fixture is built on its own, so one that fails to build leaves the others be.
 *
 * @module
 */
import type { TestController, TestItem, VSCode } from '../vscode-types';
import type { FixtureEntry } from '../views/fixture-index';

/** How an item relates to a fixture. */
export type ItemData =
  | { kind: 'fixture'; file: string }
  | { kind: 'task'; file: string; task: string }
  | { kind: 'expectation'; file: string; task: string; expectation: string }
  | { kind: 'checks'; file: string }
  | { kind: 'check'; file: string; check: string };

/** Labels of the expectation keys a task may write. */
const EXPECT_LABELS: Record<string, string> = {
  nodePhase: 'node phase',
  pluginPhase: 'plugin phase',
  events: 'events',
  outputs: 'outputs',
  error: 'error',
  calls: 'calls',
  attempts: 'attempts',
  rounds: 'rounds',
};

/**
 * Hands out the item ids of one fixture: the id asked for (`<file>#<task>`, the scheme results are keyed by), or,
 * when it is taken, the same with `~2`, `~3`...
 */
export class ItemIds {
  readonly #used = new Set<string>();
  /** Takes `wanted`, or the first free `wanted~n`. */
  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.#used.has(id); n++) id = `${wanted}~${n}`;
    this.#used.add(id);
    return id;
  }
}

/** An id for a new child of `parent`: `wanted`, or the first `wanted~n` no sibling has. */
export function freeChildId(parent: TestItem, wanted: string): string {
  let id = wanted;
  for (let n = 2; parent.children.get(id) !== undefined; n++) id = `${wanted}~${n}`;
  return id;
}

/** Builds and updates the items of fixtures. */
export class FixtureItems {
  readonly #vscode: VSCode;
  readonly #controller: TestController;
  readonly #data: WeakMap<TestItem, ItemData>;
  constructor(vscode: VSCode, controller: TestController, data: WeakMap<TestItem, ItemData>) {
    this.#vscode = vscode;
    this.#controller = controller;
    this.#data = data;
  }

  /** Makes the fixture's item (created when new) and its children match the entry. */
  update(f: FixtureEntry): TestItem {
    const item = this.#controller.items.get(f.file) ?? this.#controller.createTestItem(f.file, f.name, f.uri);
    this.#data.set(item, { kind: 'fixture', file: f.file });
    item.label = f.name;
    item.description = f.expectFailure ? `${f.label} · fails on purpose` : f.label;
    item.range = this.#line(f.headLine);
    item.error = f.problems.length ? new this.#vscode.MarkdownString(problemSummary(f)) : undefined;
    const ids = new ItemIds();
    // Claimed first: results of the contract checks are keyed `<file>#checks/<check>`.
    const checks = this.#checksItem(item, f, ids.claim(`${f.file}#checks`));
    const tasks = f.tasks.map((t) => this.#taskItem(item, f, t, ids));
    item.children.replace([...tasks, checks]);
    return item;
  }

  /** An item that stands for a fixture whose items could not be built: it shows why. */
  broken(f: FixtureEntry, why: string): TestItem {
    const item = this.#controller.items.get(f.file) ?? this.#controller.createTestItem(f.file, f.name, f.uri);
    this.#data.set(item, { kind: 'fixture', file: f.file });
    item.error = new this.#vscode.MarkdownString(`plugbench could not list this fixture: ${why}`);
    return item;
  }

  #taskItem(parent: TestItem, f: FixtureEntry, t: FixtureEntry['tasks'][number], ids: ItemIds): TestItem {
    const id = ids.claim(`${f.file}#${t.id}`);
    const task = parent.children.get(id) ?? this.#controller.createTestItem(id, t.id, f.uri);
    task.range = this.#line(t.line);
    this.#data.set(task, { kind: 'task', file: f.file, task: t.id });
    const expectations = t.expects.map((key) => {
      const eid = ids.claim(`${id}/${key}`);
      const e = task.children.get(eid) ?? this.#controller.createTestItem(eid, EXPECT_LABELS[key] ?? key, f.uri);
      e.range = this.#line(t.line);
      this.#data.set(e, { kind: 'expectation', file: f.file, task: t.id, expectation: key });
      return e;
    });
    task.children.replace(expectations);
    return task;
  }

  #checksItem(parent: TestItem, f: FixtureEntry, id: string): TestItem {
    const checks = parent.children.get(id) ?? this.#controller.createTestItem(id, 'contract checks', f.uri);
    checks.range = this.#line(f.headLine);
    this.#data.set(checks, { kind: 'checks', file: f.file });
    return checks;
  }

  #line(line: number) {
    return new this.#vscode.Range(line, 0, line, 0);
  }
}

/** The first problem of an invalid fixture, and how many more. */
function problemSummary(f: FixtureEntry): string {
  const first = f.problems[0]!;
  const more = f.problems.length > 1 ? ` and ${f.problems.length - 1} more` : '';
  return `Invalid fixture: ${first.message} (line ${first.line})${more}`;
}
