/**
 * Reporters of `plugbench test`: `spec` (readable, with progress as fixtures finish), `json` (one document),
 * `junit` (the JUnit XML that CI systems read: a `<testsuite>` per fixture, a `<testcase>` per task's expectations,
 * one for the contract checks and one for the golden timeline, as {@link reportedCases} makes them) and `github`
 * (GitHub Actions workflow commands: an error annotation at the fixture line of every failed case).
 *
 * @module
 */
import path from 'node:path';
import { countOf } from '@plugbench/sdk/timeline';
import { EXIT_CODES } from '../error-category';
import { FixtureError } from '../fixture/errors';
import type { FixtureTestOutcome } from '../run-fixture';
import { reportedCases } from '../test-cases';
import { paint } from './colors';

/** The reporters. */
export const REPORTERS = ['spec', 'json', 'junit', 'github'] as const;
/** A reporter name. */
export type ReporterName = (typeof REPORTERS)[number];

/** Totals of a test run. */
export interface TestSummary {
  fixtures: number;
  passed: number;
  failed: number;
  invalid: number;
  pluginErrors: number;
  durationMs: number;
  exitCode: number;
}

/** Totals and the exit code: the worst status (3 plugin error, 2 invalid, 1 failed, 0 passed). */
export function summarize(outcomes: readonly FixtureTestOutcome[], durationMs: number): TestSummary {
  const count = (s: FixtureTestOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return {
    fixtures: outcomes.length,
    passed: count('passed'),
    failed: count('failed'),
    invalid: count('invalid'),
    pluginErrors: count('plugin-error'),
    durationMs,
    exitCode: outcomes.reduce((m, o) => Math.max(m, EXIT_CODES[o.status]), 0),
  };
}

const rel = (file: string, cwd: string) => {
  const r = path.relative(cwd, file);
  return r.startsWith('..') ? file : r;
};

const mark = (ok: boolean, color: boolean) => (ok ? paint('green', '✓', color) : paint('red', '✗', color));
const indent = (s: string, n: number) =>
  s
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');

/** One fixture's lines in the spec reporter (printed as soon as it finished). */
export function specFixture(o: FixtureTestOutcome, cwd: string, color: boolean): string {
  const ok = o.status === 'passed';
  const ms = `${Math.round(o.durationMs)}ms`;
  const detail = o.result ? `${countOf(o.result.rounds, 'run round')}, ${ms}` : ms;
  const lines = [
    `${mark(ok, color)} ${rel(o.file, cwd)} (${detail})${o.result?.expectFailure !== undefined && ok ? ' — failed as expected' : ''}`,
  ];
  if (ok && o.result?.golden?.status === 'updated')
    lines.push(`    golden timeline written: ${rel(o.result.golden.file, cwd)}`);
  if (!ok) {
    for (const c of reportedCases(o)) {
      if (c.passed) continue;
      lines.push(`    ${mark(false, color)} ${c.name}`);
      for (const m of c.messages) lines.push(indent(m, 8));
    }
  }
  return lines.join('\n');
}

/** The closing lines of the spec reporter. */
export function specSummary(s: TestSummary): string {
  const parts = [`${s.passed} passed`, `${s.failed + s.invalid + s.pluginErrors} failed`];
  const extra: string[] = [];
  if (s.invalid > 0) extra.push(`${s.invalid} invalid fixture${s.invalid === 1 ? '' : 's'}`);
  if (s.pluginErrors > 0) extra.push(`${s.pluginErrors} plugin${s.pluginErrors === 1 ? '' : 's'} failed to load`);
  return `\nfixtures: ${parts.join(', ')}${extra.length > 0 ? ` (${extra.join(', ')})` : ''} in ${(s.durationMs / 1000).toFixed(2)}s`;
}

/** The json reporter: one document with every fixture's cases, results (without timelines) and the summary. */
export function jsonReport(outcomes: readonly FixtureTestOutcome[], s: TestSummary, cwd: string): string {
  return `${JSON.stringify(
    {
      summary: s,
      fixtures: outcomes.map((o) => ({
        file: rel(o.file, cwd),
        name: o.name,
        status: o.status,
        durationMs: Math.round(o.durationMs),
        cases: reportedCases(o),
        ...(o.error !== undefined
          ? {
              error:
                o.error instanceof FixtureError ? o.error.toJSON() : { name: o.error.name, message: o.error.message },
            }
          : {}),
        ...(o.result !== undefined
          ? {
              result: {
                passed: o.result.passed,
                expectFailure: o.result.expectFailure,
                outcome: o.result.outcome,
                rounds: o.result.rounds,
                tasks: o.result.tasks,
                failures: o.result.failures,
                violations: o.result.violations,
                golden: o.result.golden,
              },
            }
          : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

/** Text safe in XML attributes and text: escaped, and without the characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The junit reporter. */
export function junitReport(outcomes: readonly FixtureTestOutcome[], s: TestSummary, cwd: string): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const suites = outcomes.map((o) => {
    const file = rel(o.file, cwd);
    const cases = reportedCases(o);
    const failures = cases.filter((c) => !c.passed && c.error === undefined).length;
    const errors = cases.filter((c) => c.error !== undefined).length;
    const per = cases.length > 0 ? o.durationMs / cases.length : 0;
    const body = cases.map((c) => {
      const line = c.location !== undefined && c.location.line > 0 ? ` line="${c.location.line}"` : '';
      const open = `    <testcase classname="${xmlEscape(file)}" name="${xmlEscape(c.name)}" file="${xmlEscape(file)}"${line} time="${secs(per)}"`;
      if (c.error !== undefined) {
        return `${open}>\n      <error type="${xmlEscape(c.error.type)}" message="${xmlEscape(c.error.message)}">${xmlEscape(c.messages.join('\n\n'))}</error>\n    </testcase>`;
      }
      if (!c.passed) {
        const first = c.messages[0]?.split('\n')[0] ?? 'failed';
        return `${open}>\n      <failure type="AssertionError" message="${xmlEscape(first)}">${xmlEscape(c.messages.join('\n\n'))}</failure>\n    </testcase>`;
      }
      if (c.messages.length > 0)
        return `${open}>\n      <system-out>${xmlEscape(c.messages.join('\n\n'))}</system-out>\n    </testcase>`;
      return `${open}/>`;
    });
    return [
      `  <testsuite name="${xmlEscape(o.name)}" file="${xmlEscape(file)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${secs(o.durationMs)}">`,
      ...body,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = outcomes.reduce((n, o) => n + reportedCases(o).length, 0);
  const failures = outcomes.reduce(
    (n, o) => n + reportedCases(o).filter((c) => !c.passed && c.error === undefined).length,
    0,
  );
  const errors = outcomes.reduce((n, o) => n + reportedCases(o).filter((c) => c.error !== undefined).length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="plugbench" tests="${tests}" failures="${failures}" errors="${errors}" time="${secs(s.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Text of a workflow command's message (`%`, CR and LF escaped), or of a property (`:` and `,` too). */
function ghEscape(s: string, property = false): string {
  const e = s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return property ? e.replace(/:/g, '%3A').replace(/,/g, '%2C') : e;
}

/** The github reporter: `::error file=…,line=…,col=…,title=…::message` for every failed case, then a notice with the totals. */
export function githubReport(outcomes: readonly FixtureTestOutcome[], s: TestSummary, cwd: string): string {
  const lines: string[] = [];
  for (const o of outcomes) {
    for (const c of reportedCases(o)) {
      if (c.passed) continue;
      const where = c.location ?? { file: o.file, line: 0, column: 0 };
      const props = [
        `file=${ghEscape(rel(where.file, cwd), true)}`,
        ...(where.line > 0 ? [`line=${where.line}`, `col=${where.column}`] : []),
        `title=${ghEscape(`${o.name}: ${c.name}`, true)}`,
      ];
      lines.push(`::error ${props.join(',')}::${ghEscape(c.messages.join('\n\n') || 'failed')}`);
    }
  }
  lines.push(`::notice title=plugbench::${ghEscape(specSummary(s).trim())}`);
  return `${lines.join('\n')}\n`;
}

/** The report of a reporter that writes one document (all but `spec` as progress). */
export function renderReport(
  reporter: ReporterName,
  outcomes: readonly FixtureTestOutcome[],
  s: TestSummary,
  cwd: string,
): string {
  switch (reporter) {
    case 'json':
      return jsonReport(outcomes, s, cwd);
    case 'junit':
      return junitReport(outcomes, s, cwd);
    case 'github':
      return githubReport(outcomes, s, cwd);
    case 'spec':
      return `${outcomes.map((o) => specFixture(o, cwd, false)).join('\n')}\n${specSummary(s)}\n`;
  }
}
