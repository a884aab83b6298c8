/**
 * The messages between the extension host and the timeline webview: one zod schema per message, the one source of
 * their types ({@link ./webview-messages}, which the webview bundle imports without zod). The webview shows
 * workspace data (plugin logs, state values) and is not trusted to send well-formed messages: everything it sends
 * is validated before the host acts on it. What the host sends is typed by its schema and not parsed again.
 *
 * The webview says `ready` once its listener is installed (vscode-pull-request-github's handshake: a message
 * posted before that is lost), and the host answers with `load`.
 *
 * @module
 */
import * as z from 'zod';
import { BreakpointSchema, TimelineRecordSchema } from '@plugbench/sdk/timeline';

/** The webview's view type, for the serializer and the `onWebviewPanel:` activation event. */
export const TIMELINE_VIEW_TYPE = 'plugbench.timeline';

const BreakpointsSchema = z.array(BreakpointSchema).max(1000);

/** What the user asked for in the view (a control, a key, the slider): the view's `TimelineIntent`. */
export const IntentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('step') }),
  z.strictObject({ type: z.literal('stepBack') }),
  z.strictObject({ type: z.literal('reset') }),
  z.strictObject({ type: z.literal('runToEnd'), breakpoints: BreakpointsSchema.readonly() }),
  z.strictObject({ type: z.literal('runToNext'), stop: z.enum(['event', 'phase-change']) }),
  z.strictObject({ type: z.literal('seek'), call: z.number().int().min(-1) }),
  z.strictObject({ type: z.literal('toggleBreakpoint'), breakpoint: BreakpointSchema }),
]);

/** The view's UI state worth keeping across a reload (cursor, axis, breakpoints, zoom), any part of it. */
export const UiStateSchema = z
  .object({
    cursor: z.number().int().min(-1),
    axis: z.enum(['rounds', 'time']),
    breakpoints: BreakpointsSchema,
    window: z.tuple([z.number(), z.number()]).nullable(),
    scrollTop: z.number(),
  })
  .partial();

/** What the panel keeps across a reload (`getState`/`setState`): enough to run the fixture again to the cursor. */
export const PanelStateSchema = z.object({
  /** Absolute path of the fixture. */
  fixture: z.string().min(1),
  task: z.string().optional(),
  /** Rounds the runner had run. */
  rounds: z.number().int().nonnegative(),
  /** The view's UI state. */
  ui: UiStateSchema.optional(),
});

/** What the view shows, measured (the view's `probe()`): tests in a real VS Code read the layout through it. */
export const ViewProbeSchema = z.object({
  width: z.number(),
  height: z.number(),
  narrow: z.boolean(),
  lanesHeight: z.number(),
  lanesContentHeight: z.number(),
  inspectorWidth: z.number(),
  inspectorHeight: z.number(),
  poolsHeight: z.number(),
  poolsScrollable: z.boolean(),
  drawn: z.object({ phases: z.array(z.string()), markers: z.array(z.string()) }),
  legend: z.object({ phases: z.array(z.string()), markers: z.array(z.string()) }),
  laneLabels: z.array(z.string()),
  emptyText: z.string(),
  inspectorTitle: z.string(),
  contrastFailures: z.array(z.string()),
  themeKind: z.string(),
  phaseColours: z.record(z.string(), z.string()),
});

/** Every message the webview may send the host; anything else is refused. */
export const WebviewToHostSchema = z.discriminatedUnion('type', [
  /** The webview is listening; `state` is what it had saved before a reload, if anything. */
  z.strictObject({ type: z.literal('ready'), state: PanelStateSchema.optional() }),
  /** The user asked for something (a control, a key, the slider). */
  z.strictObject({ type: z.literal('intent'), intent: IntentSchema }),
  /** The breakpoints changed in the view (e.g. "clear all"), so that palette commands use the same ones. */
  z.strictObject({ type: z.literal('breakpoints'), breakpoints: BreakpointsSchema }),
  /** A control of the panel itself (not of the view). */
  z.strictObject({
    type: z.literal('command'),
    command: z.enum(['stop', 'rerun', 'runAgainFromHere', 'openFixture', 'showLog']),
  }),
  /** Something failed inside the webview: the host logs it (errors are never silent). */
  z.strictObject({ type: z.literal('error'), message: z.string().max(20000), stack: z.string().max(50000).optional() }),
  /** The answer to the host's `probe` with the same id (null before a view is mounted). */
  z.strictObject({ type: z.literal('probe'), id: z.number().int(), probe: ViewProbeSchema.nullable() }),
]);

/** The session, as the panel's status line shows it. */
export const PanelStatusSchema = z.object({
  phase: z.enum(['starting', 'paused', 'running', 'finished', 'stopped', 'error', 'restricted', 'static']),
  message: z.string(),
  rounds: z.number().int().nonnegative(),
});

/** Every message the host sends the webview. */
export const HostToWebviewSchema = z.discriminatedUnion('type', [
  /** Everything to show: sent after `ready`, after a step back, a reset or a replay. */
  z.object({
    type: z.literal('load'),
    /** Changes with every new run session: the webview starts a fresh view for a new one. */
    session: z.number().int(),
    title: z.string(),
    fixture: z.string(),
    task: z.string().optional(),
    records: z.array(TimelineRecordSchema),
    cursor: z.number().int(),
    breakpoints: z.array(BreakpointSchema),
    status: PanelStatusSchema,
    rounds: z.number().int().nonnegative(),
  }),
  /** New records of the running session. */
  z.object({ type: z.literal('append'), records: z.array(TimelineRecordSchema), follow: z.boolean() }),
  z.object({ type: z.literal('seek'), call: z.number().int() }),
  z.object({ type: z.literal('breakpoints'), breakpoints: z.array(BreakpointSchema) }),
  z.object({ type: z.literal('status'), status: PanelStatusSchema }),
  /** Asks the webview what its view shows (tests): it answers with a `probe` of the same id. */
  z.object({ type: z.literal('probe'), id: z.number().int() }),
]);

// The comparison panel (a run beside its golden timeline): its own webview, its own messages.

/** The comparison panel's view type. */
export const COMPARE_VIEW_TYPE = 'plugbench.compare';

/** One record where the run differs from its golden timeline, at the round of each side where it shows. */
export const CompareDifferenceSchema = z.object({
  /** The record's line (0-based) in the canonical projection. */
  index: z.number().int().nonnegative(),
  what: z.string(),
  fields: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown() })),
  /** The run's round (index of its calls), and the golden timeline's. */
  run: z.number().int().min(-1),
  golden: z.number().int().min(-1),
});

/** How the comparison shows the two timelines. */
export const CompareLayoutSchema = z.enum(['side-by-side', 'stacked']);

/** Host to comparison webview: the two timelines and where they differ. */
export const CompareLoadSchema = z.object({
  type: z.literal('compareLoad'),
  title: z.string(),
  run: z.object({ title: z.string(), records: z.array(TimelineRecordSchema) }),
  golden: z.object({ title: z.string(), records: z.array(TimelineRecordSchema) }),
  differences: z.array(CompareDifferenceSchema),
  expectedRecords: z.number().int().nonnegative(),
  actualRecords: z.number().int().nonnegative(),
  /** Where the cursor starts: the first difference's round, or the run's last. */
  cursor: z.number().int().min(-1),
});

/** Host to comparison webview: an action of the panel's toolbar, asked from a command. */
export const CompareActionSchema = z.object({
  type: z.literal('compareAction'),
  action: z.enum(['firstDifference', 'nextDifference', 'previousDifference', 'toggleLayout']),
});

/** Every message the host sends the comparison webview. */
export const HostToCompareSchema = z.discriminatedUnion('type', [CompareLoadSchema, CompareActionSchema]);

/** Every message the comparison webview may send the host; anything else is refused. */
export const CompareToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** Where the shared cursor is, on each side, and what the panel says about it (tests and the host read it). */
  z.strictObject({
    type: z.literal('compareState'),
    cursor: z.number().int().min(-1),
    goldenCursor: z.number().int().min(-1),
    layout: CompareLayoutSchema,
    /** The difference at the cursor (index in the load's `differences`), if there is one. */
    difference: z.number().int().min(-1),
    text: z.string().max(2000),
  }),
  z.strictObject({ type: z.literal('error'), message: z.string().max(20000), stack: z.string().max(50000).optional() }),
]);
