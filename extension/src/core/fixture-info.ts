/**
 * What the editor shows of a fixture file without running anything: its tasks and where they are written, the
 * plugin modules it names, and its problems with their positions (from the harness's loader, the same one the runner
 * and the `plugbench` command use). Works on unsaved text, and on invalid fixtures (their tasks still show, so a
 * typo in one task does not hide the others).
 *
 * @module
 */
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { FixtureError, type FixtureIssue, fixtureBaseName, parseFixture } from '@plugbench/harness/fixture';

/** A task of a fixture, and the line of its `id`. */
export interface FixtureTaskInfo {
  id: string;
  /** 0-based line of the task's `id` value (its list item when the id is missing). */
  line: number;
  /** The task type, when written. */
  type?: string;
  /** Which expectations the task has (`nodePhase`, `events`...). */
  expects: string[];
}

/** A fixture file, as the tree, CodeLens and Test Explorer see it. */
export interface FixtureInfo {
  /** Absolute path. */
  file: string;
  /** `name`, else the file name without `.fixture.json`. */
  name: string;
  description?: string;
  tasks: FixtureTaskInfo[];
  /** Absolute paths of the plugin modules it names. */
  plugins: string[];
  /** Set when the fixture fails on purpose. */
  expectFailure?: string;
  /** 0-based line for the CodeLens: the `tasks` key, else 0. */
  headLine: number;
  /** Problems, placed; empty when the fixture is valid. */
  problems: FixtureIssue[];
  /** Whether the text parses as YAML/JSON at all (else nothing above is reliable). */
  parsed: boolean;
}

function str(n: unknown): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

function get(map: unknown, key: string): YamlNode | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => str(p.key) === key);
  return (pair?.value as YamlNode | undefined) ?? undefined;
}

function keyLine(map: unknown, key: string, lc: LineCounter): number | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => str(p.key) === key);
  const r = (pair?.key as YamlNode | undefined)?.range;
  return r ? lc.linePos(r[0]).line - 1 : undefined;
}

/** A problem of the whole file, placed at its start. */
function wholeFileIssue(file: string, message: string): FixtureIssue {
  return { file, path: '$', line: 1, column: 1, endLine: 1, endColumn: 1, code: 'custom', message };
}

/** A fixture that could not be read at all (its text never reached the reader, or the reader gave up): one problem. */
export function unreadableFixture(file: string, message: string): FixtureInfo {
  return {
    file,
    name: fixtureBaseName(file),
    tasks: [],
    plugins: [],
    headLine: 0,
    problems: [wholeFileIssue(file, message)],
    parsed: false,
  };
}

/** Reads a fixture's text. Never throws. */
export function describeFixture(text: string, file: string): FixtureInfo {
  let problems: FixtureIssue[] = [];
  try {
    parseFixture(text, file);
  } catch (e) {
    problems =
      e instanceof FixtureError
        ? [...e.issues]
        : [wholeFileIssue(file, `plugbench could not read the fixture: ${e instanceof Error ? e.message : String(e)}`)];
  }
  // A lenient second reading for positions and names: works on fixtures the schema rejects.
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const root = doc.contents;
  const parsed = doc.errors.length === 0 && isMap(root);
  const dir = path.dirname(file);
  const tasks: FixtureTaskInfo[] = [];
  const tasksNode = get(root, 'tasks');
  if (isSeq(tasksNode)) {
    tasksNode.items.forEach((item, i) => {
      const idNode = get(item, 'id');
      const id = str(idNode) ?? `tasks[${i}]`;
      const r = (idNode ?? (item as YamlNode | null))?.range;
      const typeNode = get(item, 'type') ?? get(get(item, 'template'), 'type');
      const expectNode = get(item, 'expect');
      tasks.push({
        id,
        line: r ? lc.linePos(r[0]).line - 1 : 0,
        ...(str(typeNode) !== undefined ? { type: str(typeNode)! } : {}),
        expects: isMap(expectNode)
          ? expectNode.items.map((p) => str(p.key)).filter((k): k is string => k !== undefined)
          : [],
      });
    });
  }
  const plugins: string[] = [];
  const addPlugin = (ref: unknown) => {
    const m = str(get(ref, 'module'));
    if (m) plugins.push(path.resolve(dir, m));
  };
  addPlugin(get(root, 'plugin'));
  const many = get(root, 'plugins');
  if (isSeq(many)) many.items.forEach(addPlugin);
  const name = str(get(root, 'name')) ?? fixtureBaseName(file);
  const description = str(get(root, 'description'));
  const expectFailure = str(get(root, 'expectFailure'));
  return {
    file,
    name,
    ...(description !== undefined ? { description } : {}),
    tasks,
    plugins,
    ...(expectFailure !== undefined ? { expectFailure } : {}),
    headLine: keyLine(root, 'tasks', lc) ?? 0,
    problems,
    parsed,
  };
}
