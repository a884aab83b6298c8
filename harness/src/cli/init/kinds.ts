/**
 * The kinds of plugin project `plugbench init` writes: each is a folder of `harness/templates`.
 *
 * @module
 */

/**
 * A plugin kind: `core`, a plugin written directly against `pluginmachinery/core` (Handle, Abort, Finalize);
 * `webapi`, a Go `webapi.AsyncPlugin` (create, get, delete, status) that `@plugbench/sdk/webapi` runs as Flyte's webapi
 * machinery does.
 */
export const PluginKind = {
  Core: 'core',
  WebApi: 'webapi',
} as const;

/** One of {@link PluginKind}. */
export type PluginKind = (typeof PluginKind)[keyof typeof PluginKind];

/** Every kind, in the order `plugbench init --help` lists them. */
export const PLUGIN_KINDS: readonly PluginKind[] = Object.values(PluginKind);

/** Whether `s` names a kind. */
export function isPluginKind(s: string): s is PluginKind {
  return (PLUGIN_KINDS as readonly string[]).includes(s);
}
