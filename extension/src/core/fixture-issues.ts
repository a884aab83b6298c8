/**
 * Problems of a fixture the harness's loader does not report while the file has others, found on the lenient
 * reading the editor makes anyway: a duplicate task id (the loader's check runs only on a fixture that passed the
 * schema, so a file with any other mistake hid it) and a `module:` that names no file (the loader leaves that to the
 * plugin loader, which runs only when the fixture runs). Each is placed at the offending value.
 *
 * @module
 */
import { jsonPath } from '@plugbench/sdk/timeline';
import type { FixtureIssue } from '@plugbench/harness/fixture';

/** A 1-based range, `endColumn` exclusive, as {@link FixtureIssue} has it. */
export interface IssueRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A task id as written: its index in `tasks` and where its value is. */
export interface WrittenTaskId {
  id: string;
  index: number;
  range: IssueRange;
}

/** A module a fixture names: where (`['plugin', 'module']`), what it resolves to, and the range of its value. */
export interface NamedModule {
  at: (string | number)[];
  /** As written. */
  value: string;
  /** Absolute. */
  path: string;
  role: 'plugin' | 'script';
  range: IssueRange;
}

/** The message of a repeated task id: the harness's own wording, so both readings of a file say the same. */
function duplicateMessage(id: string, first: number): string {
  return `duplicate task id "${id}" (also tasks[${first}])`;
}

/** Every repeat of a task id, at the repeat's `id` value; those the loader already reported are left out. */
export function duplicateIdIssues(
  file: string,
  ids: readonly WrittenTaskId[],
  known: readonly FixtureIssue[],
): FixtureIssue[] {
  const reported = new Set(known.map((i) => `${i.path}\n${i.message}`));
  const first = new Map<string, number>();
  const out: FixtureIssue[] = [];
  for (const t of ids) {
    const seen = first.get(t.id);
    if (seen === undefined) {
      first.set(t.id, t.index);
      continue;
    }
    const issue: FixtureIssue = {
      file,
      path: jsonPath(['tasks', t.index, 'id']),
      ...t.range,
      code: 'custom',
      message: duplicateMessage(t.id, seen),
    };
    if (!reported.has(`${issue.path}\n${issue.message}`)) out.push(issue);
  }
  return out;
}

/** Every module that names no file, at its `module:` value. */
export function missingModuleIssues(
  file: string,
  modules: readonly NamedModule[],
  exists: (path: string) => boolean,
): FixtureIssue[] {
  return modules
    .filter((m) => !exists(m.path))
    .map((m) => ({
      file,
      path: jsonPath(m.at),
      ...m.range,
      code: 'custom',
      message: `no such file: ${m.role === 'plugin' ? 'the plugin' : 'the world script'} module ${JSON.stringify(m.value)} resolves to ${m.path} (a module path is relative to the fixture file)`,
    }));
}
