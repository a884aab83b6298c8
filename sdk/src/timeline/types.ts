/**
 * Types of the timeline records. Type-only: importing this module costs nothing at run time, so the webview can
 * use it without zod.
 *
 * @module
 */
import type { z } from 'zod';
import type * as s from './schema';

/** A plugin phase by name (`Running`). */
export type PhaseName = z.infer<typeof s.PhaseNameSchema>;
/** A task event phase as FlyteAdmin receives it (`RUNNING`). */
export type EventPhase = z.infer<typeof s.EventPhaseSchema>;
/** Where the engine is with a task execution. */
export type NodePhase = z.infer<typeof s.NodePhaseSchema>;
/** An execution error in the timeline (code, message, kind). */
export type TimelineExecutionError = z.infer<typeof s.TimelineExecutionErrorSchema>;
/** A transition as recorded, with Go's `String()` as `text`. */
export type TimelineTransition = z.infer<typeof s.TransitionSchema>;
/** Why a round did or did not send an event and persist state. */
export type DecisionCode = z.infer<typeof s.DecisionCodeSchema>;
/** A round's decision and its message. */
export type Decision = z.infer<typeof s.DecisionSchema>;
/** Plugin state around a round: before, the write, after, persisted. */
export type StateChange = z.infer<typeof s.StateChangeSchema>;
/** A task event sent (or dropped). */
export type TaskEvent = z.infer<typeof s.TaskEventSchema>;
/** One resource manager call and the pool after it. */
export type ResourceCall = z.infer<typeof s.ResourceCallSchema>;
/** A line a plugin logged during a call. */
export type LogLine = z.infer<typeof s.LogLineSchema>;
/** An error of a call, with its stack. */
export type CallError = z.infer<typeof s.CallErrorSchema>;
/** What a plugin did with one of its metrics during a call. */
export type MetricCall = z.infer<typeof s.MetricCallSchema>;
/** A metric's value at the end of a run. */
export type TimelineMetricSample = z.infer<typeof s.MetricSampleSchema>;
/** The first record of a run. */
export type RunStarted = z.infer<typeof s.RunStartedSchema>;
/** A quota a plugin registered at setup. */
export type QuotaRegistered = z.infer<typeof s.QuotaRegisteredSchema>;
/** A task execution was started. */
export type TaskStarted = z.infer<typeof s.TaskStartedSchema>;
/** One Handle, Abort or Finalize call and everything decided around it. */
export type CallRecord = z.infer<typeof s.CallRecordSchema>;
/** A task execution reached a final node phase. */
export type TaskFinished = z.infer<typeof s.TaskFinishedSchema>;
/** The last record of a `runUntil`. */
export type RunFinished = z.infer<typeof s.RunFinishedSchema>;
/** Any timeline record. */
export type TimelineRecord = z.infer<typeof s.TimelineRecordSchema>;
/** The `kind` of a timeline record. */
export type TimelineRecordKind = TimelineRecord['kind'];
