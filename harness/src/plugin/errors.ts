/**
 * Errors of loading user code (plugin modules and world scripts): each names the file and says how to fix it.
 *
 * @module
 */
import { PluginLoadError, crossRealmClass } from '@plugbench/sdk';

/** What went wrong loading a module; snake_case, as every error code of the harness (a fixture issue's codes are zod's). */
export const ModuleProblem = {
  /** The file does not exist. */
  NotFound: 'not_found',
  /** esbuild could not compile it (syntax, an import that does not resolve). */
  Compile: 'compile',
  /** Evaluating the bundle threw. */
  Evaluate: 'evaluate',
  /** The named export does not exist. */
  MissingExport: 'missing_export',
  /** The export is neither a PluginEntry nor a factory returning one. */
  NotAPlugin: 'not_a_plugin',
  /** The factory threw, or returned something else than a PluginEntry. */
  Factory: 'factory',
} as const;
/** A value of {@link ModuleProblem}. */
export type ModuleProblem = (typeof ModuleProblem)[keyof typeof ModuleProblem];

/** One compile error, with its position in the user's source. */
export interface CompileMessage {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * A plugin module (or world script) that cannot be loaded. A `PluginLoadError`, so everything that handles plugin
 * load failures (exit code 3 of `plugbench`) handles it too.
 */
export class PluginModuleError extends PluginLoadError {
  /** The module file. */
  readonly file: string;
  /** What went wrong. */
  readonly problem: ModuleProblem;
  /** How to fix it. */
  readonly fix: string;
  /** Compile errors with their positions, for editors. */
  readonly compileErrors: readonly CompileMessage[];
  constructor(
    file: string,
    problem: ModuleProblem,
    what: string,
    fix: string,
    options?: { cause?: unknown; exportName?: string; compileErrors?: CompileMessage[] },
  ) {
    super(
      `${file}: ${what}\n  fix: ${fix}`,
      options?.exportName ?? file,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.file = file;
    this.problem = problem;
    this.fix = fix;
    this.compileErrors = options?.compileErrors ?? [];
  }
}
crossRealmClass(PluginModuleError, 'PluginModuleError');
