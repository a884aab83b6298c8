/**
 * Which `@plugbench/harness` and `@plugbench/sdk` a runner process runs with, named in its hello: the runner is part of
 * the harness, so a runner forked from an installed harness (its `dist/runner.js`, as the extension forks a
 * workspace's own, the way the Vitest and Playwright extensions run a project's installed framework) loads the SDK
 * installed next to that harness; the VSIX's runner carries both in its bundle.
 *
 * @module
 */
import * as z from 'zod';

/** Where the packages come from. */
export const PackageSource = {
  /** An installed `@plugbench/harness` (the workspace's), whose runner this is, and the SDK it resolves. */
  Workspace: 'workspace',
  /** The copy bundled into the runner itself (the VSIX's dist/extension/runner.js). */
  Bundled: 'bundled',
} as const;

/** One of {@link PackageSource}. */
export type PackageSource = (typeof PackageSource)[keyof typeof PackageSource];

/** What the runner loaded; for an installed harness, the folders of the two packages and their versions. */
export const PackageOriginSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal(PackageSource.Bundled) }),
  z.object({
    source: z.literal(PackageSource.Workspace),
    harness: z.object({ dir: z.string(), version: z.string() }),
    sdk: z.object({ dir: z.string(), version: z.string() }),
  }),
]);

/** See {@link PackageOriginSchema}. */
export type PackageOrigin = z.infer<typeof PackageOriginSchema>;
