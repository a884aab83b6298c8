/**
 * The extension's settings: names, defaults and a reader that never throws on a bad value. The defaults here must
 * match `contributes.configuration` in the root package.json (a unit test checks that they do).
 *
 * @module
 */

/** The settings, as the code reads them. */
export interface PlugbenchSettings {
  /** Globs, relative to each workspace folder, of fixture files. */
  fixtureGlobs: string[];
  /** Globs of plugin source files (shown in the tree; fixtures name their plugin themselves). */
  pluginGlobs: string[];
  /** Globs never searched. */
  exclude: string[];
  /** Wall-clock limit of one Handle, Abort or Finalize call, in ms. */
  roundTimeoutMs: number;
  /** The most rounds one "run to end" runs before it stops. */
  maxRounds: number;
  /** The Node.js executable that runs plugins; empty: the one running the extension host. */
  nodePath: string;
  /** CodeLens (Run, Step, Test, Debug) above fixture files. */
  codeLens: boolean;
  /** Run contract checks with the tests. */
  contractChecks: boolean;
  /** How many runs Show History keeps. */
  historySize: number;
}

/** The defaults, as in package.json. */
export const DEFAULT_SETTINGS: Readonly<PlugbenchSettings> = Object.freeze({
  fixtureGlobs: ['**/*.fixture.json', '**/*.fixture.yaml', '**/*.fixture.yml'],
  pluginGlobs: ['**/*plugin*.ts', '**/*plugin*.js', '**/plugins/**/*.ts'],
  exclude: ['**/node_modules/**', '**/dist/**', '**/.git/**', '**/.vscode-test/**'],
  roundTimeoutMs: 5000,
  maxRounds: 10000,
  nodePath: '',
  codeLens: true,
  contractChecks: true,
  historySize: 50,
});

/** The setting keys, under the `plugbench.` section. */
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof PlugbenchSettings)[];

/** What a configuration object offers (`vscode.WorkspaceConfiguration.get`). */
export interface ConfigLike {
  get<T>(key: string): T | undefined;
}

/**
 * Reads the settings, falling back to the default for a missing or ill-typed value; `problems` says which values
 * were ignored, so the caller can log them (a bad setting is never silent).
 */
export function readSettings(config: ConfigLike): { settings: PlugbenchSettings; problems: string[] } {
  const problems: string[] = [];
  const strings = (key: 'fixtureGlobs' | 'pluginGlobs' | 'exclude'): string[] => {
    const v = config.get<unknown>(key);
    if (v === undefined) return [...DEFAULT_SETTINGS[key]];
    if (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '')) return v as string[];
    problems.push(`plugbench.${key} must be a list of glob strings; using the default`);
    return [...DEFAULT_SETTINGS[key]];
  };
  const positive = (key: 'roundTimeoutMs' | 'maxRounds' | 'historySize'): number => {
    const v = config.get<unknown>(key);
    if (v === undefined) return DEFAULT_SETTINGS[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.floor(v);
    problems.push(`plugbench.${key} must be a positive number; using ${DEFAULT_SETTINGS[key]}`);
    return DEFAULT_SETTINGS[key];
  };
  const bool = (key: 'codeLens' | 'contractChecks'): boolean => {
    const v = config.get<unknown>(key);
    if (v === undefined) return DEFAULT_SETTINGS[key];
    if (typeof v === 'boolean') return v;
    problems.push(`plugbench.${key} must be true or false; using ${DEFAULT_SETTINGS[key]}`);
    return DEFAULT_SETTINGS[key];
  };
  const nodePath = config.get<unknown>('nodePath');
  if (nodePath !== undefined && typeof nodePath !== 'string')
    problems.push('plugbench.nodePath must be a string; ignored');
  return {
    settings: {
      fixtureGlobs: strings('fixtureGlobs'),
      pluginGlobs: strings('pluginGlobs'),
      exclude: strings('exclude'),
      roundTimeoutMs: positive('roundTimeoutMs'),
      maxRounds: positive('maxRounds'),
      nodePath: typeof nodePath === 'string' ? nodePath : '',
      codeLens: bool('codeLens'),
      contractChecks: bool('contractChecks'),
      historySize: positive('historySize'),
    },
    problems,
  };
}
