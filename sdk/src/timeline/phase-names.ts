/**
 * The plugin phase names, as `Phase` keys, in Go's order: one list for the timeline schema, the fixture schema and the
 * view, which must not load zod to know them.
 *
 * @module
 */

/** Every plugin phase name (`Running`, ...), in the order of Go's `pluginsCore.Phase`. */
export const PHASE_NAMES = [
  'Undefined',
  'NotReady',
  'WaitingForResources',
  'Queued',
  'Initializing',
  'Running',
  'Success',
  'RetryableFailure',
  'PermanentFailure',
] as const;
