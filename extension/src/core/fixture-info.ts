/**
 * What the editor shows of a fixture file without running anything: its tasks and where they are written, the
 * plugin modules it names, and its problems with their positions (from the harness's loader, the same one the runner
 * and the `plugbench` command use). Works on unsaved text, and on invalid fixtures (their tasks still show, so a
 * typo in one task does not hide the others).
 *
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { FixtureError, type FixtureIssue, fixtureBaseName, parseFixture } from '@plugbench/harness/fixture';
import {
  duplicateIdIssues,
  missingModuleIssues,
  type IssueRange,
  type NamedModule,
  type WrittenTaskId,
} from './fixture-issues';

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

/** A module a fixture names (`module:`), resolved against the fixture's folder as the plugin loader does. */
export interface FixtureModuleInfo {
  /** Absolute path. */
  path: string;
  role: NamedModule['role'];
  /** No file at that path: the fixture cannot run (a diagnostic says so at its `module:`). */
  missing: boolean;
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
  /** Every module it names (plugins and the world script), and whether the file is there. */
  modules: FixtureModuleInfo[];
  /** Absolute path of its golden timeline, when it names one (`golden:`). */
  golden?: string;
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
    modules: [],
    headLine: 0,
    problems: [wholeFileIssue(file, message)],
    parsed: false,
  };
}

/** Whether a regular file is at `p` (a directory or nothing: the plugin loader would fail). */
function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** What the lenient reading of a fixture's YAML finds. */
interface Reading {
  root: unknown;
  lc: LineCounter;
  parsed: boolean;
}

function read(text: string): Reading {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  return { root: doc.contents, lc, parsed: doc.errors.length === 0 && isMap(doc.contents) };
}

/** The 1-based range of a node's value. */
function rangeOf(node: YamlNode | null | undefined, lc: LineCounter): IssueRange | undefined {
  const r = node?.range;
  if (!r) return undefined;
  const a = lc.linePos(r[0]);
  const b = lc.linePos(Math.max(r[0], r[1]));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** The harness's problems with the file: every issue of its loader, or one saying why it gave up. */
function loaderIssues(text: string, file: string): FixtureIssue[] {
  try {
    parseFixture(text, file);
    return [];
  } catch (e) {
    return e instanceof FixtureError
      ? [...e.issues]
      : [wholeFileIssue(file, `plugbench could not read the fixture: ${e instanceof Error ? e.message : String(e)}`)];
  }
}

/** The tasks, and each written id with its place (for the duplicate check). */
function tasksOf({ root, lc }: Reading): { tasks: FixtureTaskInfo[]; ids: WrittenTaskId[] } {
  const tasks: FixtureTaskInfo[] = [];
  const ids: WrittenTaskId[] = [];
  const tasksNode = get(root, 'tasks');
  if (!isSeq(tasksNode)) return { tasks, ids };
  tasksNode.items.forEach((item, index) => {
    const idNode = get(item, 'id');
    const written = str(idNode);
    const range = rangeOf(idNode ?? (item as YamlNode | null), lc);
    if (written !== undefined && range) ids.push({ id: written, index, range });
    const typeNode = get(item, 'type') ?? get(get(item, 'template'), 'type');
    const expectNode = get(item, 'expect');
    tasks.push({
      id: written ?? `tasks[${index}]`,
      line: range ? range.line - 1 : 0,
      ...(str(typeNode) !== undefined ? { type: str(typeNode)! } : {}),
      expects: isMap(expectNode)
        ? expectNode.items.map((p) => str(p.key)).filter((k): k is string => k !== undefined)
        : [],
    });
  });
  return { tasks, ids };
}

/** Every `module:` the fixture names (plugin, plugins, world script), resolved against its folder. */
function modulesOf({ root, lc }: Reading, dir: string): NamedModule[] {
  const out: NamedModule[] = [];
  const add = (ref: unknown, at: (string | number)[], role: NamedModule['role']) => {
    const node = get(ref, 'module');
    const value = str(node);
    const range = rangeOf(node, lc);
    if (value && range) out.push({ at: [...at, 'module'], value, path: path.resolve(dir, value), role, range });
  };
  add(get(root, 'plugin'), ['plugin'], 'plugin');
  const many = get(root, 'plugins');
  if (isSeq(many)) many.items.forEach((item, i) => add(item, ['plugins', i], 'plugin'));
  add(get(get(root, 'world'), 'script'), ['world', 'script'], 'script');
  return out;
}

/**
 * Reads a fixture's text. Never throws. `exists` says whether a module path names a file (the file system unless
 * given).
 */
export function describeFixture(text: string, file: string, exists: (p: string) => boolean = isFile): FixtureInfo {
  const loader = loaderIssues(text, file);
  // A lenient second reading for positions and names: works on fixtures the schema rejects.
  const reading = read(text);
  const { root, lc } = reading;
  const dir = path.dirname(file);
  const { tasks, ids } = tasksOf(reading);
  const named = modulesOf(reading, dir);
  // The loader's problems first, in its order; what only this reading finds after them.
  const problems = [...loader, ...duplicateIdIssues(file, ids, loader), ...missingModuleIssues(file, named, exists)];
  const modules = named.map((m) => ({ path: m.path, role: m.role, missing: !exists(m.path) }));
  const name = str(get(root, 'name')) ?? fixtureBaseName(file);
  const description = str(get(root, 'description'));
  const expectFailure = str(get(root, 'expectFailure'));
  const golden = str(get(root, 'golden'));
  return {
    file,
    name,
    ...(description !== undefined ? { description } : {}),
    tasks,
    plugins: modules.filter((m) => m.role === 'plugin').map((m) => m.path),
    modules,
    ...(golden ? { golden: path.resolve(dir, golden) } : {}),
    ...(expectFailure !== undefined ? { expectFailure } : {}),
    headLine: keyLine(root, 'tasks', lc) ?? 0,
    problems,
    parsed: reading.parsed,
  };
}
