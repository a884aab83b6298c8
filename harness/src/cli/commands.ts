/**
 * The commands of `plugbench` (`run`, `test`, `schema`, `init`, `serve`), which main.ts loads once it has started
 * what a command needs first.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TimelineModel, renderTimelineText, type TimelineRecord } from '@plugbench/sdk';
import { ErrorCategory, ExitCode, classifyError, errorCategory } from '../error-category';
import { fixtureJsonSchemaText } from '../fixture/json-schema';
import { renderHtmlReport } from '../report/html';
import { summaryOfRun } from '../report/summary';
import { GlobError } from '../glob';
import type { FixtureResult, FixtureTestOutcome } from '../run-fixture';
import { testFixturesInRunners } from '../runner/pool/fixture-pool';
import { paint, useColor as streamColor } from './colors';
import type { CliIo } from './io';
import type * as Serve from './serve';
import { findFixtures } from './find-fixtures';
import { INIT_HELP, MAIN_HELP, RUN_HELP, SCHEMA_HELP, TEST_HELP } from './help';
import { formatInitResult, initProject } from './init/init-project';
import { PLUGIN_KINDS, PluginKind, isPluginKind } from './init/kinds';
import { renderReport, specFixture, specSummary, summarize } from './reporters';
import { runHeadline, taskLine } from './run-words';
import { PlanError, parseGrep, parseJobs, parseTimeout, reportPlan, shardOf, type ReportPlan } from './test-plan';
import { watchFixtures } from './watch';
// Static, so that esbuild inlines the harness's package.json into the bundle.
import harnessManifest from '../../package.json';

/** A command line that cannot be run: exit code 2, with the command's help pointer. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

function version(): string {
  return harnessManifest.version;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

function parse(command: string, args: string[], options: OptionSpec): Parsed {
  try {
    const r = parseArgs({
      args,
      options: { help: { type: 'boolean', short: 'h' }, 'no-color': { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
}

/** Prints `help` when the command line asked for it (`--help`, `-h`); whether it did, the command then exits 0. */
function printedHelp(values: Parsed['values'], help: string, io: CliIo): boolean {
  if (values.help === true) io.stdout.write(help);
  return values.help === true;
}

function useColor(io: CliIo, stream: 'stdout' | 'stderr', noColor: boolean | undefined): boolean {
  return streamColor(io[stream], io.env, noColor);
}

/** What to print when a fixture cannot run, and the exit code; anything else is rethrown (an internal error). */
function reportLoadError(e: unknown, io: CliIo): number {
  const c = classifyError(e);
  if (c.category === ErrorCategory.Internal) throw e;
  const what = c.category === ErrorCategory.PluginLoad ? 'plugin failed to load: ' : '';
  io.stderr.write(`plugbench: ${what}${(e as Error).message}\n`);
  return c.exitCode;
}

function writeOut(file: string, text: string, io: CliIo): string {
  const abs = path.resolve(io.cwd, file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

/** Records of one task (and the run's own records), for `--task`. */
function onlyTask(records: readonly TimelineRecord[], task: string): TimelineRecord[] {
  return records.filter((r) => !('task' in r) || r.task === task);
}

function verdict(r: FixtureResult, color: boolean): string {
  const green = (s: string) => paint('green', s, color);
  const red = (s: string) => paint('red', s, color);
  const lines: string[] = [];
  for (const t of r.tasks) {
    lines.push(taskLine(t));
    if (t.error) lines.push(`  error ${t.error.kind} ${t.error.code}: ${t.error.message}`);
  }
  if (r.problems.length === 0) lines.push(green(`✓ ${r.name}: every expectation and contract check passed`));
  else {
    const head =
      r.expectFailure !== undefined && r.passed
        ? green(`✓ ${r.name} failed as expected (${r.expectFailure}):`)
        : red(`✗ ${r.name}:`);
    lines.push(head);
    for (const p of r.problems) lines.push(p.replace(/^/gm, '  '));
  }
  return lines.join('\n');
}

/** A fixture that `run` could not take to a verdict: what to print, and the exit code. */
function reportBrokenRun(o: FixtureTestOutcome, io: CliIo): number {
  const e = o.error!;
  if (o.status !== 'failed') return reportLoadError(e, io);
  io.stderr.write(`plugbench: ${e.message}\n`);
  return ExitCode.Failed;
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('run', args, {
    task: { type: 'string' },
    json: { type: 'boolean' },
    html: { type: 'string' },
    timeout: { type: 'string' },
    'allow-outside-project': { type: 'boolean' },
  });
  if (printedHelp(values, RUN_HELP, io)) return 0;
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'give the fixture to run: plugbench run <fixture>'
        : `run takes one fixture, got ${positionals.length}: ${positionals.join(' ')}`,
      'run',
    );
  const file = path.resolve(io.cwd, positionals[0]!);
  let timeoutMs: number;
  try {
    timeoutMs = parseTimeout(values.timeout as string | undefined);
  } catch (e) {
    throw new UsageError((e as Error).message, 'run');
  }
  // In a runner process like every fixture: a plugin that hangs, exits or crashes cannot take the command with it.
  const [outcome] = await testFixturesInRunners([file], {
    jobs: 1,
    golden: false,
    timeline: true,
    timeoutMs,
    cwd: io.cwd,
    allowOutsideProject: values['allow-outside-project'] === true,
  });
  if (outcome!.result === undefined) return reportBrokenRun(outcome!, io);
  const result = outcome!.result;
  let records: TimelineRecord[] = result.timeline;
  const task = values.task as string | undefined;
  if (task !== undefined) {
    if (!result.tasks.some((t) => t.id === task))
      throw new UsageError(
        `--task ${task}: no such task in ${positionals[0]}; its tasks: ${result.tasks.map((t) => t.id).join(', ')}`,
        'run',
      );
    records = onlyTask(records, task);
  }
  const color = useColor(io, 'stdout', values['no-color'] as boolean | undefined);
  if (values.json) {
    for (const r of records) io.stdout.write(`${JSON.stringify(r)}\n`);
    io.stderr.write(
      `${verdict({ ...result, tasks: result.tasks.filter((t) => task === undefined || t.id === task) }, useColor(io, 'stderr', values['no-color'] as boolean | undefined))}\n`,
    );
  } else {
    const shown = result.tasks.filter((t) => task === undefined || t.id === task);
    io.stdout.write(
      `${result.name} (${path.relative(io.cwd, result.file) || result.file}): ${runHeadline(result, shown)}\n\n`,
    );
    io.stdout.write(`${renderTimelineText(TimelineModel.from(records), { color })}\n\n`);
    io.stdout.write(
      `${verdict({ ...result, tasks: result.tasks.filter((t) => task === undefined || t.id === task) }, color)}\n`,
    );
  }
  if (values.html !== undefined) {
    const summary = await summaryOfRun(result, task);
    const html = await renderHtmlReport(records, {
      title: `${result.name}: plugbench timeline`,
      ...(summary ? { summary } : {}),
    });
    const out = writeOut(values.html as string, html, io);
    io.stderr.write(`wrote the HTML report: ${out}\n`);
  }
  if (outcome!.error !== undefined) return reportBrokenRun(outcome!, io);
  return result.passed ? ExitCode.Passed : ExitCode.Failed;
}

/** {@link findFixtures}, with a glob that does not compile as a usage error. */
function findOrUsage(args: readonly string[], cwd: string): ReturnType<typeof findFixtures> {
  try {
    return findFixtures(args, cwd);
  } catch (e) {
    if (e instanceof GlobError) throw new UsageError(e.message, 'test');
    throw e;
  }
}

const TEST_OPTIONS: OptionSpec = {
  reporter: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
  'update-golden': { type: 'boolean', short: 'u' },
  jobs: { type: 'string', short: 'j' },
  shard: { type: 'string' },
  grep: { type: 'string', short: 'g' },
  bail: { type: 'boolean' },
  timeout: { type: 'string' },
  'pass-with-no-tests': { type: 'boolean' },
  'allow-outside-project': { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
};

/** The fixtures `test` runs: found, then this shard of them. */
function testFiles(positionals: string[], values: Parsed['values'], io: CliIo): string[] {
  const { files, unmatched } = findOrUsage(positionals, io.cwd);
  for (const u of unmatched) io.stderr.write(`plugbench: no fixtures (*.fixture.json, *.fixture.yaml) at ${u}\n`);
  return shardOf(files, values.shard as string | undefined);
}

/** Runs `files` in runner processes and reports them; the exit code. */
async function testOnce(files: string[], values: Parsed['values'], plan: ReportPlan, io: CliIo): Promise<number> {
  const progress = plan.progress === 'stdout' ? io.stdout : io.stderr;
  const color = useColor(io, plan.progress, values['no-color'] as boolean | undefined);
  const started = performance.now();
  const outcomes = await testFixturesInRunners(files, {
    jobs: parseJobs(values.jobs as string | undefined),
    timeoutMs: parseTimeout(values.timeout as string | undefined),
    updateGolden: values['update-golden'] === true,
    bail: values.bail === true,
    allowOutsideProject: values['allow-outside-project'] === true,
    cwd: io.cwd,
    ...(values.grep !== undefined ? { grep: parseGrep(values.grep as string) as string } : {}),
    onOutcome: (o) => progress.write(`${specFixture(o, io.cwd, color)}\n`),
    onHeartbeat: (file, ms) =>
      io.stderr.write(`plugbench: still running ${path.relative(io.cwd, file) || file} (${Math.round(ms / 1000)}s)\n`),
  });
  const summary = summarize(outcomes, performance.now() - started);
  for (const target of plan.targets) {
    const report = renderReport(target.reporter, outcomes, summary, io.cwd);
    if (target.out !== undefined)
      io.stderr.write(`wrote the ${target.reporter} report: ${writeOut(target.out, report, io)}\n`);
    else io.stdout.write(report);
  }
  const skipped = values.bail === true ? files.length - outcomes.length : 0;
  progress.write(
    `${specSummary(summary)}${skipped > 0 && summary.exitCode !== 0 ? ` (${skipped} not run: --bail)` : ''}\n`,
  );
  if (outcomes.length === 0 && values['pass-with-no-tests'] !== true) {
    io.stderr.write('plugbench: no fixture matched --grep; pass --pass-with-no-tests to accept that\n');
    return ExitCode.Invalid;
  }
  return summary.exitCode;
}

async function testCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('test', args, TEST_OPTIONS);
  if (printedHelp(values, TEST_HELP, io)) return 0;
  let plan: ReportPlan;
  let files: string[];
  try {
    plan = reportPlan((values.reporter as string[] | undefined) ?? [], (values.out as string[] | undefined) ?? []);
    parseJobs(values.jobs as string | undefined);
    parseTimeout(values.timeout as string | undefined);
    parseGrep(values.grep as string | undefined);
    files = testFiles(positionals, values, io);
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message, 'test');
    throw e;
  }
  if (files.length === 0 && values['pass-with-no-tests'] !== true) {
    io.stderr.write(
      'plugbench: no fixtures to run; name fixture files, directories or globs (see plugbench test --help)\n',
    );
    return ExitCode.Invalid;
  }
  if (values.watch === true)
    return watchFixtures(positionals, io, (changed) =>
      testOnce(changed ?? testFiles(positionals, values, io), values, plan, io),
    );
  return testOnce(files, values, plan, io);
}

async function schemaCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('schema', args, { out: { type: 'string' } });
  if (printedHelp(values, SCHEMA_HELP, io)) return 0;
  if (positionals.length > 0)
    throw new UsageError(`schema takes no arguments, got: ${positionals.join(' ')}`, 'schema');
  const text = fixtureJsonSchemaText();
  if (values.out !== undefined) io.stderr.write(`wrote ${writeOut(values.out as string, text, io)}\n`);
  else io.stdout.write(text);
  return 0;
}

async function initCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('init', args, { kind: { type: 'string' } });
  if (printedHelp(values, INIT_HELP, io)) return 0;
  if (positionals.length > 1)
    throw new UsageError(`init takes one folder, got ${positionals.length}: ${positionals.join(' ')}`, 'init');
  const kind = (values.kind as string | undefined) ?? PluginKind.Core;
  if (!isPluginKind(kind)) throw new UsageError(`--kind ${kind}: one of ${PLUGIN_KINDS.join(', ')}`, 'init');
  const result = initProject({ dir: path.resolve(io.cwd, positionals[0] ?? '.'), kind });
  io.stdout.write(formatInitResult(result, io.cwd));
  return 0;
}

/** `plugbench serve`, loaded for itself alone: it loads gRPC and the server, which no other command needs. */
async function serve(args: string[], io: CliIo): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as main.ts loads this module
  const { ServeUsageError, serveCommand } = require('./serve') as typeof Serve;
  try {
    return await serveCommand(args, io);
  } catch (e) {
    throw e instanceof ServeUsageError ? new UsageError(e.message, 'serve') : e;
  }
}

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  run: runCommand,
  test: testCommand,
  schema: schemaCommand,
  init: initCommand,
  serve: serve,
};

/** Runs `plugbench` with `argv` (without the node and script paths); `main` in main.ts, once the command loaded. */
export async function runCommandLine(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      if (topic !== undefined && COMMANDS[topic] !== undefined) return await COMMANDS[topic]!(['--help'], io);
      io.stdout.write(MAIN_HELP);
      return command === undefined ? ExitCode.Invalid : ExitCode.Passed;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (run === undefined)
      throw new UsageError(`unknown command "${command}"; the commands are: ${Object.keys(COMMANDS).join(', ')}`);
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(
        `plugbench: ${e.message}\n  see: plugbench ${e.command !== undefined ? `${e.command} ` : ''}--help\n`,
      );
      return ExitCode.Invalid;
    }
    if (errorCategory(e) !== ErrorCategory.Internal) return reportLoadError(e, io);
    io.stderr.write(`plugbench: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return ExitCode.Internal;
  }
}
