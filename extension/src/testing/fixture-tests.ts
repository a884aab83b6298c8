/**
 * Fixtures in Test Explorer (`vscode.tests`): a fixture is a test, with a child per task and below it a child per
 * expectation the task writes (`nodePhase`, `events`...), and a "contract checks" child. Results carry expected and
 * actual values (`TestMessage.diff`), placed at the expectation in the fixture. A Run and a Debug profile; "re-run
 * failed" comes from Test Explorer itself, which includes the failed items in the request.
 *
 * @module
 */
import * as path from 'node:path';
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

/** How an item relates to a fixture. */
type ItemData =
  | { kind: 'fixture'; file: string }
  | { kind: 'task'; file: string; task: string }
  | { kind: 'expectation'; file: string; task: string; expectation: string }
  | { kind: 'checks'; file: string }
  | { kind: 'check'; file: string; check: string };

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

/** The test controller and its profiles. */
export class FixtureTests {
  readonly controller: TestController;
  readonly runProfile: TestRunProfile;
  readonly debugProfile: TestRunProfile;
  readonly #data = new WeakMap<TestItem, ItemData>();
  /**
   * The latest outcome of every item, by id (VS Code gives no way to read results back; tests, the status bar and
   * the history read them here).
   */
  readonly results = new Map<string, { outcome: 'passed' | 'failed' | 'errored' | 'skipped'; messages: string[] }>();
  #subscription: { dispose(): void };

  readonly #vscode: VSCode;
  readonly #index: FixtureIndex;
  readonly #host: FixtureTestsHost;
  constructor(vscode: VSCode, index: FixtureIndex, host: FixtureTestsHost) {
    this.#vscode = vscode;
    this.#index = index;
    this.#host = host;
    this.controller = vscode.tests.createTestController('plugbench', 'plugbench fixtures');
    this.controller.refreshHandler = async () => {
      await index.refresh();
    };
    this.runProfile = this.controller.createRunProfile(
      'Run fixtures',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.run(r, t, false),
      true,
    );
    this.debugProfile = this.controller.createRunProfile(
      'Debug fixtures',
      vscode.TestRunProfileKind.Debug,
      (r, t) => this.run(r, t, true),
      true,
    );
    this.#subscription = index.onDidChange(() => this.sync());
    this.sync();
  }

  /** Makes the items match the fixtures the index knows. */
  sync(): void {
    const v = this.#vscode;
    const seen = new Set<string>();
    for (const f of this.#index.fixtures) {
      seen.add(f.file);
      let item = this.controller.items.get(f.file);
      if (!item) {
        item = this.controller.createTestItem(f.file, f.name, f.uri);
        this.controller.items.add(item);
      }
      this.#data.set(item, { kind: 'fixture', file: f.file });
      item.label = f.name;
      item.description = f.expectFailure ? `${f.label} · fails on purpose` : f.label;
      item.range = new v.Range(f.headLine, 0, f.headLine, 0);
      item.error = f.problems.length
        ? new v.MarkdownString(
            `Invalid fixture: ${f.problems[0]!.message} (line ${f.problems[0]!.line})${f.problems.length > 1 ? ` and ${f.problems.length - 1} more` : ''}`,
          )
        : undefined;
      const children: TestItem[] = [];
      for (const t of f.tasks) {
        const id = `${f.file}#${t.id}`;
        const task = item.children.get(id) ?? this.controller.createTestItem(id, t.id, f.uri);
        task.range = new v.Range(t.line, 0, t.line, 0);
        this.#data.set(task, { kind: 'task', file: f.file, task: t.id });
        const expectations: TestItem[] = [];
        for (const key of t.expects) {
          const eid = `${id}/${key}`;
          const e = task.children.get(eid) ?? this.controller.createTestItem(eid, EXPECT_LABELS[key] ?? key, f.uri);
          e.range = new v.Range(t.line, 0, t.line, 0);
          this.#data.set(e, { kind: 'expectation', file: f.file, task: t.id, expectation: key });
          expectations.push(e);
        }
        task.children.replace(expectations);
        children.push(task);
      }
      const checksId = `${f.file}#checks`;
      const checks = item.children.get(checksId) ?? this.controller.createTestItem(checksId, 'contract checks', f.uri);
      checks.range = new v.Range(f.headLine, 0, f.headLine, 0);
      this.#data.set(checks, { kind: 'checks', file: f.file });
      children.push(checks);
      item.children.replace(children);
    }
    const stale: string[] = [];
    this.controller.items.forEach((item) => {
      if (!seen.has(item.id)) stale.push(item.id);
    });
    for (const id of stale) this.controller.items.delete(id);
  }

  /** The fixture item of a file. */
  item(file: string): TestItem | undefined {
    return this.controller.items.get(file);
  }

  /** Runs tests the way Test Explorer does (CodeLens "Test", "Run All Tests", rerun). */
  runFiles(files: readonly string[] | undefined, debug = false): Promise<void> {
    const include = files?.map((f) => this.item(f)).filter((i): i is TestItem => i !== undefined);
    const request = new this.#vscode.TestRunRequest(
      include && include.length ? include : undefined,
      undefined,
      debug ? this.debugProfile : this.runProfile,
    );
    const cts = new this.#vscode.CancellationTokenSource();
    return this.run(request, cts.token, debug).finally(() => cts.dispose());
  }

  /** The run handler of both profiles. */
  async run(request: TestRunRequest, token: CancellationToken, debug: boolean): Promise<void> {
    if (!this.#host.trusted()) {
      this.#host.explainRestricted();
      return;
    }
    // Which fixtures, and which of their items to report.
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
    const fixtures = [...wanted.keys()]
      .map((f) => this.#index.get(f))
      .filter((f): f is FixtureEntry => f !== undefined);
    const run = this.controller.createTestRun(request, debug ? 'plugbench (debug)' : 'plugbench', true);
    const tracker = this.#host.started(
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
            runner = await this.#host.startRunner(f.file, debug ? { testRun: run } : undefined);
          const result = await runner.request({
            type: 'test',
            fixture: f.file,
            contractChecks: this.#host.contractChecks(),
            roundTimeoutMs: this.#host.roundTimeoutMs(),
            ...(debug ? { debugging: true } : {}),
          });
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
          this.#host.log('error', `${f.label}: ${err.message}`);
          if (e instanceof RunnerRequestError) this.#host.pluginProblems(f.file, e.error);
          const msg = new this.#vscode.TestMessage(err.message);
          msg.location = new this.#vscode.Location(f.uri, new this.#vscode.Range(f.headLine, 0, f.headLine, 0));
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
    const msg = new this.#vscode.TestMessage(
      `The fixture is invalid: ${f.problems.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n')}`,
    );
    msg.location = new this.#vscode.Location(
      this.#vscode.Uri.file(p.file),
      new this.#vscode.Range(
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
    const v = this.#vscode;
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
      const taskItem = fixtureItem.children.get(`${file}#${t.task}`);
      const taskMessages: TestMessage[] = [];
      for (const e of t.expectations) {
        const eItem =
          taskItem?.children.get(`${file}#${t.task}/${e.id}`) ??
          this.#adopt(taskItem, `${file}#${t.task}/${e.id}`, e.label, uri, reported);
        const msg = asMessage(e, `${t.task} › `);
        if (!e.passed) taskMessages.push(msg);
        if (eItem) outcome(eItem, e.passed, [msg]);
      }
      if (taskItem) outcome(taskItem, t.passed, taskMessages);
      allMessages.push(...taskMessages);
      out(
        `  ${t.passed ? '✓' : '✗'} ${t.task}${t.phase ? ` → ${t.phase}` : ''}${t.rounds !== undefined ? ` in ${t.rounds} rounds` : ''}\n`,
        taskItem,
      );
      for (const e of t.expectations.filter((x) => !x.passed))
        out(`      ✗ ${e.label}: ${e.message ?? ''}\n`, taskItem);
    }
    const checksItem = fixtureItem.children.get(`${file}#checks`);
    const checkMessages: TestMessage[] = [];
    for (const c of result.checks) {
      const cItem =
        checksItem?.children.get(`${file}#checks/${c.id}`) ??
        this.#adopt(checksItem, `${file}#checks/${c.id}`, c.label, uri, reported);
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

  /** A child item for an expectation or check the index did not know of (e.g. a check, or a fixture-level one). */
  #adopt(
    parent: TestItem | undefined,
    id: string,
    label: string,
    uri: import('vscode').Uri,
    reported: Set<TestItem>,
  ): TestItem | undefined {
    if (!parent) return undefined;
    const item = this.controller.createTestItem(id, label, uri);
    if (parent.range) item.range = parent.range;
    const data = this.#data.get(parent);
    if (data) this.#data.set(item, data.kind === 'checks' ? { kind: 'check', file: data.file, check: label } : data);
    parent.children.add(item);
    if (reported.has(parent)) reported.add(item);
    return item;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.controller.dispose();
  }
}

/** A value as the diff editor shows it. */
function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}
