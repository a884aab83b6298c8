/**
 * Problems of fixtures (from the harness's loader, placed at the offending value) and of plugins (compile errors,
 * a loader that throws) as VS Code diagnostics.
 *
 * For `*.fixture.json` VS Code's JSON language service already validates against the fixture JSON Schema
 * (`contributes.jsonValidation`); reporting the same schema errors again would show two squiggles per mistake.
 * There only the problems a JSON Schema cannot express are added: syntax the schema never sees, IDL decoding,
 * duplicate task ids, a missing plugin. YAML has no such service by default, so every problem is reported.
 *
 * @module
 */
import type { FixtureIssue } from '@plugbench/harness/fixture';
import type { FixtureProblem } from '@plugbench/harness/runner';
import type { Diagnostic, DiagnosticCollection, Uri, VSCode } from '../vscode-types';
import type { FixtureEntry } from './fixture-index';

/** Issue codes the JSON Schema of fixtures cannot check (`syntax` is reported by the JSON service itself). */
const BEYOND_SCHEMA = new Set(['idl_decode', 'custom', 'duplicate_key', 'unreadable_file']);
// `custom` covers what the editor adds itself (core/fixture-issues.ts): a repeated task id, a module with no file.

/**
 * Whether a problem is left to a schema service: VS Code's JSON language service for `.json` fixtures, and the YAML
 * extension (which reads `contributes.yamlValidation`) for YAML ones when it is installed.
 */
export function leftToSchemaService(file: string, code: string, yamlService: boolean): boolean {
  if (BEYOND_SCHEMA.has(code)) return false;
  return /\.json$/i.test(file) || (yamlService && /\.ya?ml$/i.test(file) && code !== 'syntax');
}

/** Fixture and plugin diagnostics. */
export class Diagnostics {
  readonly #fixtures: DiagnosticCollection;
  readonly #plugins: DiagnosticCollection;

  readonly #vscode: VSCode;
  /** Whether the YAML extension validates YAML fixtures (then only what its schema cannot check is added). */
  readonly #yamlService: () => boolean;
  constructor(vscode: VSCode, yamlService: () => boolean = () => false) {
    this.#vscode = vscode;
    this.#yamlService = yamlService;
    this.#fixtures = vscode.languages.createDiagnosticCollection('plugbench');
    this.#plugins = vscode.languages.createDiagnosticCollection('plugbench-plugins');
  }

  /** Replaces the diagnostics of all fixtures. */
  setFixtures(entries: readonly FixtureEntry[]): void {
    this.#fixtures.clear();
    for (const e of entries) {
      try {
        this.setFixture(e);
      } catch (err) {
        // One fixture's diagnostics never keep the others' from showing.
        this.#fixtures.set(e.uri, [
          this.#diagnostic(
            1,
            1,
            undefined,
            undefined,
            `plugbench could not place this fixture's problems: ${String(err)}`,
            'internal',
          ),
        ]);
      }
    }
  }

  setFixture(entry: FixtureEntry): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const issue of entry.problems) {
      if (leftToSchemaService(issue.file, issue.code, this.#yamlService())) continue;
      const list = byFile.get(issue.file) ?? [];
      list.push(this.#fromIssue(issue));
      byFile.set(issue.file, list);
    }
    this.#fixtures.set(entry.uri, byFile.get(entry.uri.fsPath) ?? []);
    for (const [file, list] of byFile)
      if (file !== entry.uri.fsPath) this.#fixtures.set(this.#vscode.Uri.file(file), list);
  }

  clearFixture(uri: Uri): void {
    this.#fixtures.delete(uri);
  }

  /** Problems the runner reported when it loaded a plugin, placed in the plugin's source. */
  setPluginProblems(file: string, problems: readonly FixtureProblem[], fallback: string): void {
    const uri = this.#vscode.Uri.file(file);
    const list = problems.length
      ? problems.map((p) => this.#diagnostic(p.line, p.column, p.endLine, p.endColumn, p.message, 'plugin'))
      : [this.#diagnostic(1, 1, undefined, undefined, fallback, 'plugin')];
    this.#plugins.set(uri, list);
  }

  clearPlugin(file: string): void {
    this.#plugins.delete(this.#vscode.Uri.file(file));
  }

  /** Diagnostics currently shown for a file (tests read them). */
  get(uri: Uri): readonly Diagnostic[] {
    return [...(this.#fixtures.get(uri) ?? []), ...(this.#plugins.get(uri) ?? [])];
  }

  #fromIssue(i: FixtureIssue): Diagnostic {
    const d = this.#diagnostic(
      i.line,
      i.column,
      i.endLine,
      i.endColumn,
      i.path === '$' ? i.message : `${i.message} (at ${i.path})`,
      i.code,
    );
    return d;
  }

  #diagnostic(
    line: number,
    column: number,
    endLine: number | undefined,
    endColumn: number | undefined,
    message: string,
    code: string,
  ): Diagnostic {
    const v = this.#vscode;
    const l0 = Math.max(0, line - 1);
    const c0 = Math.max(0, column - 1);
    let l1 = endLine !== undefined && endLine > 0 ? endLine - 1 : l0;
    let c1 = endColumn !== undefined && endColumn > 0 ? endColumn - 1 : c0;
    if (l1 < l0 || (l1 === l0 && c1 <= c0)) {
      // An empty range is invisible: underline at least one character.
      l1 = l0;
      c1 = c0 + 1;
    }
    const d = new v.Diagnostic(new v.Range(l0, c0, l1, c1), message, v.DiagnosticSeverity.Error);
    d.source = 'plugbench';
    d.code = code;
    return d;
  }

  dispose(): void {
    this.#fixtures.dispose();
    this.#plugins.dispose();
  }
}
