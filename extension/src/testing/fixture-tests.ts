/**
 * Fixtures in Test Explorer (`vscode.tests`): a fixture is a test, with a child per task and below it a child per
 * expectation the task writes (`nodePhase`, `events`...), and a "contract checks" child. Results carry expected and
 * actual values (`TestMessage.diff`), placed at the expectation in the fixture. A Run and a Debug profile; "re-run
 * failed" comes from Test Explorer itself, which includes the failed items in the request. The Run profile runs
 * continuously too: while on, a change of a fixture or of its plugin sources reruns the fixtures it affects
 * (affected-fixtures.ts). "Update golden" writes a fixture's golden timeline and reruns it (golden-update.ts).
 *
 * @module
 */
import * as path from 'node:path';
import { countOf } from '@plugbench/sdk/timeline';
import {
  type ExpectationResult,
  type TestResult,
  RunnerRequestError,
  type RunnerClient,
} from '@plugbench/harness/runner';
import type {
  CancellationToken,
  TestController,
  TestItem,
  TestMessage,
  TestRun,
  TestRunProfile,
  TestRunRequest,
  VSCode,
} from '../vscode-types';
import type { FixtureEntry, FixtureIndex } from '../views/fixture-index';
import { affectedFixtures } from './affected-fixtures';
import { ChangeBatcher, ModificationTimes } from './change-batcher';
import { FixtureItems, freeChildId, type ItemData } from './fixture-items';
import { updateGolden } from './golden-update';
import { Uses } from '../core/uses';

/** Context key: ids of the fixture items whose golden timeline "Update golden" can write (the manifest's menus). */
export const GOLDEN_TESTS_CONTEXT = 'plugbench.goldenTests';

/** Paths a continuous run never reacts to: dependencies, build output, version control, plugbench's bundle cache. */
const NOT_SOURCES = /(^|[\\/])(node_modules|dist|\.git|\.vscode-test)([\\/]|$)/;

/** What the tests need from the extension. */
export interface FixtureTestsHost {
  trusted(): boolean;
  /** Explains restricted mode (a notification with "Manage Workspace Trust"). */
  explainRestricted(): void;
  contractChecks(): boolean;
  roundTimeoutMs(): number;
  /** A runner for tests in `cwd`; under the debugger for the Debug profile. */
  startRunner(fixture: string, debug: { testRun: TestRun } | undefined): Promise<RunnerClient>;
  log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** A test run started and ended (history, status bar). */
  started(
    label: string,
    fixtures: FixtureEntry[],
    debug: boolean,
  ): { finish(passed: number, failed: number, errored: number): void };
  /** Problems of the plugin, placed, as diagnostics. */
  pluginProblems(fixture: string, error: RunnerRequestError['error']): void;
}

/** The test controller and its profiles. */
export class FixtureTests extends Uses<{ vscode: VSCode; index: FixtureIndex; host: FixtureTestsHost }> {
  readonly controller: TestController;
  readonly runProfile: TestRunProfile;
  readonly debugProfile: TestRunProfile;
  readonly #data = new WeakMap<TestItem, ItemData>();
  readonly #items: FixtureItems;
  /**
   * The latest outcome of every item, by id (VS Code gives no way to read results back; tests, the status bar and
   * the history read them here).
   */
  readonly results = new Map<string, { outcome: 'passed' | 'failed' | 'errored' | 'skipped'; messages: string[] }>();
  /** The files each fixture's modules were bundled from, as its last test run reported (continuous runs watch them). */
  readonly #sources = new Map<string, readonly string[]>();
  readonly #finished;
  /** Fires with the fixture files of each test run when it ends (a continuous run's reruns included). */
  readonly onDidFinishRun;
  #subscription: { dispose(): void };

  constructor(vscode: VSCode, index: FixtureIndex, host: FixtureTestsHost) {
    super({ vscode, index, host });
    this.controller = vscode.tests.createTestController('plugbench', 'plugbench fixtures');
    this.#items = new FixtureItems(vscode, this.controller, this.#data);
    this.#finished = new vscode.EventEmitter<{ files: string[]; continuous: boolean }>();
    this.onDidFinishRun = this.#finished.event;
    this.controller.refreshHandler = async () => {
      await index.refresh();
    };
    this.runProfile = this.controller.createRunProfile(
      'Run fixtures',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.run(r, t, false),
      true,
    );
    this.runProfile.supportsContinuousRun = true;
    this.debugProfile = this.controller.createRunProfile(
      'Debug fixtures',
      vscode.TestRunProfileKind.Debug,
      (r, t) => this.run(r, t, true),
      true,
    );
    this.#subscription = index.onDidChange(() => this.sync());
    this.sync();
  }

  /** Makes the items match the fixtures the index knows; a fixture whose items cannot be built shows why. */
  sync(): void {
    const seen = new Set<string>();
    const golden: string[] = [];
    for (const f of this.uses.index.fixtures) {
      seen.add(f.file);
      let item: TestItem;
      try {
        item = this.#items.update(f);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        this.uses.host.log('error', `${f.label}: cannot list its tests: ${why}`);
        item = this.#items.broken(f, why);
      }
      if (this.controller.items.get(f.file) !== item) this.controller.items.add(item);
      if (f.golden !== undefined && f.problems.length === 0) golden.push(f.file);
    }
    const stale: string[] = [];
    this.controller.items.forEach((item) => {
      if (!seen.has(item.id)) stale.push(item.id);
    });
    for (const id of stale) this.controller.items.delete(id);
    void this.uses.vscode.commands.executeCommand('setContext', GOLDEN_TESTS_CONTEXT, golden);
  }

  /** The fixture item of a file. */
  item(file: string): TestItem | undefined {
    return this.controller.items.get(file);
  }

  /** The fixture file of a test item (any item of a fixture), when it is one of ours. */
  fileOf(item: unknown): string | undefined {
    return typeof item === 'object' && item !== null ? this.#data.get(item as TestItem)?.file : undefined;
  }

  /**
   * The fixture and task a test item stands for, from what the item was made from: an item's id may carry a `~2`
   * suffix (a repeated task id) that is not the task's name.
   */
  targetOf(item: unknown): { file: string; task?: string } | undefined {
    const d = typeof item === 'object' && item !== null ? this.#data.get(item as TestItem) : undefined;
    if (!d) return undefined;
    return d.kind === 'task' || d.kind === 'expectation' ? { file: d.file, task: d.task } : { file: d.file };
  }

  /** Runs tests the way Test Explorer does (CodeLens "Test", "Run All Tests", rerun). */
  runFiles(files: readonly string[] | undefined, debug = false): Promise<void> {
    const include = files?.map((f) => this.item(f)).filter((i): i is TestItem => i !== undefined);
    return this.runItems(include && include.length ? include : undefined, debug);
  }

  /** Runs the given items (all when undefined) with the Run or the Debug profile. */
  runItems(include: readonly TestItem[] | undefined, debug = false): Promise<void> {
    const request = new this.uses.vscode.TestRunRequest(
      include,
      undefined,
      debug ? this.debugProfile : this.runProfile,
    );
    const cts = new this.uses.vscode.CancellationTokenSource();
    return this.run(request, cts.token, debug).finally(() => cts.dispose());
  }

  /**
   * "Update golden" on a test item: writes its fixture's golden timeline as `plugbench test --update-golden` does,
   * then reruns the item. Returns the file written, or undefined when nothing was (and says why).
   */
  async updateGolden(item: TestItem): Promise<string | undefined> {
    if (!this.uses.host.trusted()) {
      this.uses.host.explainRestricted();
      return undefined;
    }
    const file = this.fileOf(item);
    const entry = file !== undefined ? this.uses.index.get(file) : undefined;
    if (!entry) throw new Error('Update golden works on a fixture of Test Explorer');
    const runner = await this.uses.host.startRunner(entry.file, undefined);
    let update;
    try {
      update = await updateGolden(runner, entry.file);
    } finally {
      await runner.close();
    }
    if ('problem' in update) {
      this.uses.host.log('error', `${entry.label}: the golden timeline was not written: ${update.problem}`);
      void this.uses.vscode.window.showErrorMessage(
        `plugbench: ${entry.label}: the golden timeline was not written: ${update.problem}`,
      );
      return undefined;
    }
    this.uses.host.log('info', `${entry.label}: wrote the golden timeline ${update.written}`);
    await this.runItems([item]);
    return update.written;
  }

  /** The run handler of both profiles: a run now, or (continuous) reruns whenever a change affects the fixtures. */
  run(request: TestRunRequest, token: CancellationToken, debug: boolean): Promise<void> {
    if (!this.uses.host.trusted()) {
      this.uses.host.explainRestricted();
      return Promise.resolve();
    }
    if (request.continuous) {
      this.#runContinuously(request, token, debug);
      return Promise.resolve();
    }
    return this.#runOnce(request, token, debug);
  }

  /**
   * Watches the workspace until the continuous run is cancelled: each batch of changed files reruns the fixtures of
   * the request that it affects, and only those.
   */
  #runContinuously(request: TestRunRequest, token: CancellationToken, debug: boolean): void {
    const v = this.uses.vscode;
    const batcher = new ChangeBatcher(
      (changed) => this.#rerunAffected(request, changed, token, debug),
      (e) => this.uses.host.log('error', `continuous run: ${e instanceof Error ? e.message : String(e)}`),
    );
    const watcher = v.workspace.createFileSystemWatcher('**/*');
    const times = new ModificationTimes(this.#watchedFiles(request));
    const changed = (u: import('vscode').Uri) => {
      if (u.scheme === 'file' && !NOT_SOURCES.test(u.fsPath) && times.changed(u.fsPath)) batcher.add(u.fsPath);
    };
    const subscriptions = [watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher];
    this.uses.host.log('info', 'continuous run: watching fixtures and their plugin sources');
    const stop = token.onCancellationRequested(() => {
      batcher.dispose();
      for (const s of subscriptions) s.dispose();
      stop.dispose();
      this.uses.host.log('info', 'continuous run: stopped watching');
    });
  }

  /** The files a continuous run of the request watches as they are: its fixtures, their modules and sources. */
  #watchedFiles(request: TestRunRequest): string[] {
    return [...this.#scope(request).keys()].flatMap((file) => [
      file,
      ...(this.uses.index.get(file)?.modules.map((m) => m.path) ?? []),
      ...(this.#sources.get(file) ?? []),
    ]);
  }

  /** Reads the changed fixtures again, then reruns what the changes affect. */
  async #rerunAffected(request: TestRunRequest, changed: string[], token: CancellationToken, debug: boolean) {
    if (token.isCancellationRequested) return;
    for (const file of changed) {
      const uri = this.uses.vscode.Uri.file(file);
      if (this.uses.index.isFixture(uri)) await this.uses.index.update(uri);
    }
    const scope = this.#scope(request);
    const candidates = [...scope.keys()]
      .map((f) => this.uses.index.get(f))
      .filter((f): f is FixtureEntry => f !== undefined)
      .map((f) => ({ file: f.file, modules: f.modules.map((m) => m.path), sources: this.#sources.get(f.file) }));
    const affected = affectedFixtures(changed, candidates);
    if (affected.length === 0 || token.isCancellationRequested) return;
    this.uses.host.log('info', `continuous run: ${changed.length} file(s) changed; rerunning ${affected.join(', ')}`);
    const include = affected.flatMap((f) => {
      const s = scope.get(f)!;
      return s === 'all' ? [this.item(f)!] : [...s];
    });
    const rerun = new this.uses.vscode.TestRunRequest(include, request.exclude, request.profile, true);
    await this.#runOnce(rerun, token, debug);
  }

  /** The fixtures of a request, each with the items asked for (`all`: the whole fixture). */
  #scope(request: TestRunRequest): Map<string, Set<TestItem> | 'all'> {
    const wanted = new Map<string, Set<TestItem> | 'all'>();
    const excluded = new Set(request.exclude ?? []);
    const add = (item: TestItem) => {
      if (excluded.has(item)) return;
      const d = this.#data.get(item);
      if (!d) return;
      if (d.kind === 'fixture') wanted.set(d.file, 'all');
      else {
        const cur = wanted.get(d.file);
        if (cur === 'all') return;
        const set = cur ?? new Set<TestItem>();
        set.add(item);
        wanted.set(d.file, set);
      }
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    return wanted;
  }

  /** One test run of the request's fixtures. */
  async #runOnce(request: TestRunRequest, token: CancellationToken, debug: boolean): Promise<void> {
    const wanted = this.#scope(request);
    const fixtures = [...wanted.keys()]
      .map((f) => this.uses.index.get(f))
      .filter((f): f is FixtureEntry => f !== undefined);
    const run = this.controller.createTestRun(request, debug ? 'plugbench (debug)' : 'plugbench', true);
    const tracker = this.uses.host.started(
      fixtures.length === 1 ? fixtures[0]!.name : `${fixtures.length} fixtures`,
      fixtures,
      debug,
    );
    let passed = 0;
    let failed = 0;
    let errored = 0;
    for (const f of fixtures) {
      const item = this.item(f.file);
      if (!item) continue;
      const scope = wanted.get(f.file)!;
      const items = this.#itemsToReport(item, scope);
      for (const i of items) run.enqueued(i);
    }
    let runner: RunnerClient | undefined;
    const cancel = token.onCancellationRequested(() => runner?.stop());
    try {
      for (const f of fixtures) {
        if (token.isCancellationRequested) break;
        const item = this.item(f.file)!;
        const scope = wanted.get(f.file)!;
        const items = this.#itemsToReport(item, scope);
        for (const i of items) run.started(i);
        if (f.problems.length > 0) {
          const msg = this.#problemMessage(f);
          for (const i of items) {
            run.errored(i, msg);
            this.results.set(i.id, { outcome: 'errored', messages: [String(msg.message)] });
          }
          errored++;
          continue;
        }
        const started = Date.now();
        try {
          if (!runner || runner.exited)
            runner = await this.uses.host.startRunner(f.file, debug ? { testRun: run } : undefined);
          const result = await runner.request({
            type: 'test',
            fixture: f.file,
            contractChecks: this.uses.host.contractChecks(),
            roundTimeoutMs: this.uses.host.roundTimeoutMs(),
            ...(debug ? { debugging: true } : {}),
          });
          if (result.sources) this.#sources.set(f.file, result.sources);
          const ok = this.#report(run, item, items, result);
          if (ok) passed++;
          else failed++;
        } catch (e) {
          if (token.isCancellationRequested) {
            for (const i of items) {
              run.skipped(i);
              this.results.set(i.id, { outcome: 'skipped', messages: [] });
            }
            break;
          }
          errored++;
          const err =
            e instanceof RunnerRequestError
              ? e.error
              : { kind: 'internal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
          this.uses.host.log('error', `${f.label}: ${err.message}`);
          if (e instanceof RunnerRequestError) this.uses.host.pluginProblems(f.file, e.error);
          const msg = new this.uses.vscode.TestMessage(err.message);
          msg.location = new this.uses.vscode.Location(f.uri, new this.uses.vscode.Range(f.headLine, 0, f.headLine, 0));
          for (const i of items) {
            run.errored(i, msg, Date.now() - started);
            this.results.set(i.id, { outcome: 'errored', messages: [err.message] });
          }
          run.appendOutput(`${f.label}: ${err.message.replace(/\n/g, '\r\n')}\r\n`, undefined, item);
        }
      }
    } finally {
      cancel.dispose();
      if (runner) await runner.close();
      run.end();
      tracker.finish(passed, failed, errored);
      this.#finished.fire({ files: fixtures.map((f) => f.file), continuous: request.continuous === true });
    }
  }

  #itemsToReport(fixture: TestItem, scope: Set<TestItem> | 'all'): TestItem[] {
    const all: TestItem[] = [];
    const walk = (i: TestItem) => {
      all.push(i);
      i.children.forEach(walk);
    };
    if (scope === 'all') {
      walk(fixture);
      return all;
    }
    // A task or expectation: it, its children, and its parents (so the tree shows the result up the path).
    for (const i of scope) walk(i);
    let changed = true;
    while (changed) {
      changed = false;
      for (const i of [...all]) {
        if (i.parent && !all.includes(i.parent)) {
          all.push(i.parent);
          changed = true;
        }
      }
    }
    return all;
  }

  #problemMessage(f: FixtureEntry): TestMessage {
    const p = f.problems[0]!;
    const msg = new this.uses.vscode.TestMessage(
      `The fixture is invalid: ${f.problems.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n')}`,
    );
    msg.location = new this.uses.vscode.Location(
      this.uses.vscode.Uri.file(p.file),
      new this.uses.vscode.Range(
        Math.max(0, p.line - 1),
        Math.max(0, p.column - 1),
        Math.max(0, p.endLine - 1),
        Math.max(0, p.endColumn - 1),
      ),
    );
    return msg;
  }

  /** Puts a result on the items. Returns whether the fixture passed. */
  #report(run: TestRun, fixtureItem: TestItem, items: TestItem[], result: TestResult): boolean {
    const v = this.uses.vscode;
    const reported = new Set(items);
    const file = fixtureItem.id;
    const uri = fixtureItem.uri!;
    const expectedFailure = result.expectedFailure === true;
    const asMessage = (e: ExpectationResult, prefix: string): TestMessage => {
      const text = `${prefix}${e.label}: ${e.message ?? (e.passed ? 'ok' : 'failed')}`;
      const msg =
        e.expected !== undefined || e.actual !== undefined
          ? v.TestMessage.diff(text, show(e.expected), show(e.actual))
          : new v.TestMessage(text);
      const loc = e.location;
      if (loc)
        msg.location = new v.Location(
          v.Uri.file(loc.file),
          new v.Range(
            Math.max(0, loc.line - 1),
            Math.max(0, loc.column - 1),
            Math.max(0, loc.line - 1),
            Math.max(0, loc.column - 1),
          ),
        );
      else if (fixtureItem.range) msg.location = new v.Location(uri, fixtureItem.range);
      return msg;
    };
    const outcome = (item: TestItem, passed: boolean, messages: TestMessage[], duration?: number) => {
      if (!reported.has(item)) return;
      // A fixture that fails on purpose: its failures are what it shows, not test failures.
      if (passed || expectedFailure) {
        run.passed(item, duration);
        this.results.set(item.id, { outcome: 'passed', messages: [] });
      } else {
        const list = messages.length ? messages : [new v.TestMessage('failed')];
        run.failed(item, list, duration);
        this.results.set(item.id, {
          outcome: 'failed',
          messages: list.map((m) => String(typeof m.message === 'string' ? m.message : m.message.value)),
        });
      }
    };
    const out = (text: string, item?: TestItem) => run.appendOutput(text.replace(/\r?\n/g, '\r\n'), undefined, item);

    out(
      `${path.basename(file)}: ${result.passed ? (expectedFailure ? 'failed as expected' : 'passed') : 'FAILED'} in ${Math.round(result.durationMs)} ms\n`,
      fixtureItem,
    );
    const allMessages: TestMessage[] = [];
    for (const t of result.tasks) {
      const taskItem = this.#child(fixtureItem, (d) => d.kind === 'task' && d.task === t.task);
      const taskMessages: TestMessage[] = [];
      for (const e of t.expectations) {
        const eItem =
          (taskItem && this.#child(taskItem, (d) => d.kind === 'expectation' && d.expectation === e.id)) ??
          this.#adopt(taskItem, e.id, e.label, uri, reported);
        const msg = asMessage(e, `${t.task} › `);
        if (!e.passed) taskMessages.push(msg);
        if (eItem) outcome(eItem, e.passed, [msg]);
      }
      if (taskItem) outcome(taskItem, t.passed, taskMessages);
      allMessages.push(...taskMessages);
      out(
        `  ${t.passed ? '✓' : '✗'} ${t.task}${t.phase ? ` → ${t.phase}` : ''}${t.rounds !== undefined ? ` in ${countOf(t.rounds, 'round')}` : ''}\n`,
        taskItem,
      );
      for (const e of t.expectations.filter((x) => !x.passed))
        out(`      ✗ ${e.label}: ${e.message ?? ''}\n`, taskItem);
    }
    const checksItem = this.#child(fixtureItem, (d) => d.kind === 'checks');
    const checkMessages: TestMessage[] = [];
    for (const c of result.checks) {
      const cItem =
        (checksItem && this.#child(checksItem, (d) => d.kind === 'check' && d.check === c.id)) ??
        this.#adopt(checksItem, c.id, c.label, uri, reported);
      const msg = asMessage(c, 'contract check › ');
      if (!c.passed) checkMessages.push(msg);
      if (cItem) outcome(cItem, c.passed, [msg]);
      if (!c.passed) out(`  ✗ contract check ${c.label}: ${c.message ?? ''}\n`, checksItem);
    }
    if (checksItem) outcome(checksItem, checkMessages.length === 0, checkMessages);
    allMessages.push(...checkMessages);
    if (result.timelineText) out(`\n${result.timelineText}\n`, fixtureItem);
    if (expectedFailure) out(`  (this fixture fails on purpose)\n`, fixtureItem);
    outcome(fixtureItem, result.passed, allMessages, result.durationMs);
    return result.passed;
  }

  /** The first child of `parent` whose data matches. */
  #child(parent: TestItem, match: (d: ItemData) => boolean): TestItem | undefined {
    let found: TestItem | undefined;
    parent.children.forEach((c) => {
      const d = this.#data.get(c);
      if (!found && d && match(d)) found = c;
    });
    return found;
  }

  /**
   * A child item for an expectation or check the index did not know of (e.g. a check, or a fixture-level one), with
   * an id no sibling has: `<parent id>/<key>`.
   */
  #adopt(
    parent: TestItem | undefined,
    key: string,
    label: string,
    uri: import('vscode').Uri,
    reported: Set<TestItem>,
  ): TestItem | undefined {
    if (!parent) return undefined;
    const item = this.controller.createTestItem(freeChildId(parent, `${parent.id}/${key}`), label, uri);
    if (parent.range) item.range = parent.range;
    const data = this.#data.get(parent);
    if (data?.kind === 'checks') this.#data.set(item, { kind: 'check', file: data.file, check: key });
    else if (data?.kind === 'task')
      this.#data.set(item, { kind: 'expectation', file: data.file, task: data.task, expectation: key });
    else if (data) this.#data.set(item, data);
    parent.children.add(item);
    if (reported.has(parent)) reported.add(item);
    return item;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#finished.dispose();
    this.controller.dispose();
  }
}

/** A value as the diff editor shows it. */
function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}
