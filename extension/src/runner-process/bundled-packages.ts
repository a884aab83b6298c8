/**
 * The SDK and harness the extension carries (dist/extension/packages.js): one bundle, so the modules the runner
 * imports share one copy of the contract's classes. The runner uses them when the workspace has no packages of its
 * own (see {@link ./package-resolution}).
 *
 * @module
 */
import * as harness from '@plugbench/harness';
import * as harnessFixture from '@plugbench/harness/fixture';
import * as sdk from '@plugbench/sdk';
import * as sdkTimeline from '@plugbench/sdk/timeline';

/** Module id -> its exports: every id the runner process imports from the two packages. */
export const BUNDLED_PACKAGES: Readonly<Record<string, unknown>> = {
  '@plugbench/harness': harness,
  '@plugbench/harness/fixture': harnessFixture,
  '@plugbench/sdk': sdk,
  '@plugbench/sdk/timeline': sdkTimeline,
};
