/**
 * Types of the timeline records. Type-only: importing this module costs nothing at run time, so the webview can
 * use it without zod.
 *
 * @module
 */
import type { z } from 'zod';
import type * as s from './schema';

export type PhaseName = z.infer<typeof s.PhaseNameSchema>;
export type EventPhase = z.infer<typeof s.EventPhaseSchema>;
export type NodePhase = z.infer<typeof s.NodePhaseSchema>;
export type TimelineExecutionError = z.infer<typeof s.TimelineExecutionErrorSchema>;
export type TimelineTransition = z.infer<typeof s.TransitionSchema>;
export type DecisionCode = z.infer<typeof s.DecisionCodeSchema>;
export type Decision = z.infer<typeof s.DecisionSchema>;
export type StateChange = z.infer<typeof s.StateChangeSchema>;
export type TaskEvent = z.infer<typeof s.TaskEventSchema>;
export type ResourceCall = z.infer<typeof s.ResourceCallSchema>;
export type LogLine = z.infer<typeof s.LogLineSchema>;
export type CallError = z.infer<typeof s.CallErrorSchema>;
export type MetricCall = z.infer<typeof s.MetricCallSchema>;
export type TimelineMetricSample = z.infer<typeof s.MetricSampleSchema>;
export type RunStarted = z.infer<typeof s.RunStartedSchema>;
export type QuotaRegistered = z.infer<typeof s.QuotaRegisteredSchema>;
export type TaskStarted = z.infer<typeof s.TaskStartedSchema>;
export type CallRecord = z.infer<typeof s.CallRecordSchema>;
export type TaskFinished = z.infer<typeof s.TaskFinishedSchema>;
export type RunFinished = z.infer<typeof s.RunFinishedSchema>;
/** Any timeline record. */
export type TimelineRecord = z.infer<typeof s.TimelineRecordSchema>;
/** The `kind` of a timeline record. */
export type TimelineRecordKind = TimelineRecord['kind'];
