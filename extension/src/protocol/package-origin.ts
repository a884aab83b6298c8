/**
 * Which `@plugbench/harness` and `@plugbench/sdk` a runner process loaded: the workspace's own (as the Vitest and
 * Playwright extensions run a project's installed framework) or the copy bundled in the extension. Shared by the host
 * (which chooses) and the runner (which loads and reports in its hello).
 *
 * @module
 */
import * as z from 'zod';

/** The environment variable that gives the runner the workspace folder whose installed packages it loads. */
export const PACKAGES_DIR_ENV = 'PLUGBENCH_PACKAGES_DIR';

/** Where the packages come from. */
export const PackageSource = {
  /** The workspace's node_modules. */
  Workspace: 'workspace',
  /** The copy in the extension (dist/extension/packages.js). */
  Bundled: 'bundled',
} as const;

/** One of {@link PackageSource}. */
export type PackageSource = (typeof PackageSource)[keyof typeof PackageSource];

/** What the runner loaded; for the workspace, the folders of the two packages and their versions. */
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
