/**
 * Templates of what a Handle round's record holds that repeats from round to round and from task to task: its events
 * and its transition, without what changes every round (the time, the version when it is the plugin phase's, the
 * pool info when it is the round's own), which the columns hold.
 *
 * @module
 */
import type { PhaseInfo } from '../../contract/phase-info';
import type { TaskInfo } from '../../contract/task-info';
import type { Transition } from '../../contract/transition';
import { TransitionType } from '../../contract/transition-type';
import { PHASE_NAMES } from '../../timeline/phase-names';
import type { CallRecord, TaskEvent, TimelineTransition } from '../../timeline/types';
import { hasPoolInfo, phaseKey, resourcePoolInfo, toEventPhase } from '../events';
import { lastAnswer } from './last-answer';
import { isPendingTransition, transitionText } from './pending';
import { keyCount, sameJson } from './same-json';

/** A version field that is the record's plugin phase version (filled from its column when read). */
const SAME_VERSION = -1;

/** A transition as kept: its info's time is a column, its text is built when read. */
export interface TransitionTemplate {
  readonly type: TimelineTransition['type'];
  readonly phase: TimelineTransition['phase'];
  /** {@link SAME_VERSION}, or the version. */
  readonly version: number;
  readonly reason: string;
  /** No info, info without a time, info with a time (the column). */
  readonly info: 0 | 1 | 2;
}

/** The time every event of the record has (0 without events), or `undefined` when they differ. */
export function commonTime(
  events: readonly TaskEvent[],
  dropped: readonly TaskEvent[] | undefined,
): number | undefined {
  let at: number | undefined;
  for (const e of events) if ((at ??= e.occurredAt) !== e.occurredAt) return undefined;
  if (dropped !== undefined) for (const e of dropped) if ((at ??= e.occurredAt) !== e.occurredAt) return undefined;
  return at ?? 0;
}

/**
 * An event's pool info that is the round's (from its resource calls, which the record keeps): left out of the
 * template, which tasks holding different tokens then share.
 */
export const ROUND_POOL = Object.freeze([]) as unknown as TaskEvent['resourcePoolInfo'];

/** The events as kept: the last list when each event is the same but for its time, version and pool info. */
export function eventTemplates(
  events: readonly TaskEvent[],
  version: number,
  resources: CallRecord['resources'],
  last: readonly TaskEvent[] | undefined,
): readonly TaskEvent[] {
  if (events.length === 0) return events;
  if (last !== undefined && sameEvents(last, events, version, resources)) return last;
  return newTemplates(events, version, resources);
}

/** New templates of the events (a function of its own: its closure would cost {@link eventTemplates} a context). */
function newTemplates(
  events: readonly TaskEvent[],
  version: number,
  resources: CallRecord['resources'],
): readonly TaskEvent[] {
  // The round's pool info (Go `GetResourcePoolInfo`), from its resource calls, made only for events that carry one.
  let pool: TaskEvent['resourcePoolInfo'];
  return events.map((e) => {
    const t = { ...e, occurredAt: 0 };
    if (e.version === version) t.version = SAME_VERSION;
    if (e.resourcePoolInfo !== undefined && sameJson(e.resourcePoolInfo, (pool ??= resourcePoolInfo(resources))))
      t.resourcePoolInfo = ROUND_POOL;
    return t;
  });
}

function sameEvents(
  templates: readonly TaskEvent[],
  events: readonly TaskEvent[],
  version: number,
  resources: CallRecord['resources'],
): boolean {
  if (templates.length !== events.length) return false;
  for (let k = 0; k < events.length; k++) if (!sameEvent(templates[k]!, events[k]!, version, resources)) return false;
  return true;
}

function sameEvent(template: TaskEvent, e: TaskEvent, version: number, resources: CallRecord['resources']): boolean {
  let n = 0;
  for (const k in e) {
    n++;
    if (k === 'occurredAt') continue;
    if (k === 'version') {
      if (template.version !== (e.version === version ? SAME_VERSION : e.version)) return false;
    } else if (k === 'resourcePoolInfo' && template.resourcePoolInfo === ROUND_POOL) {
      if (!sameJson(e.resourcePoolInfo, resourcePoolInfo(resources))) return false;
    } else if (!sameJson(template[k as keyof TaskEvent], e[k as keyof TaskEvent])) return false;
  }
  return n === keyCount(template);
}

/**
 * Whether `templates` are what {@link eventTemplates} finds the same as a round's events when its one event is the
 * transition's event of `pi` (Go `ToTaskExecutionEvent`: `eventOf`) without outputs, at the version the record has,
 * with the pool info of the round's resource calls (Go `Proxy.GetResourcePoolInfo`) when it has any: the event
 * compared by its parts, never made. The template's pool info is then the round's own (read from the record's
 * resource calls), which is what {@link eventTemplates} makes of a transition's event.
 */
export function repeatsEvent(
  templates: readonly TaskEvent[],
  pi: PhaseInfo,
  resources: CallRecord['resources'],
): boolean {
  const t = templates.length === 1 ? templates[0]! : undefined;
  const info = pi.info;
  if (t === undefined || pi.err !== undefined || info?.logs !== undefined || info?.customInfo !== undefined)
    return false;
  const reason = pi.reason !== '';
  const pool = hasPoolInfo(resources);
  return (
    t.source === 'transition' &&
    t.phase === toEventPhase(pi.phase) &&
    t.pluginPhase === phaseKey(pi.phase) &&
    t.version === SAME_VERSION &&
    t.occurredAt === 0 &&
    (!reason || t.reason === pi.reason) &&
    (!pool || t.resourcePoolInfo === ROUND_POOL) &&
    templateKeys(t) === 5 + (reason ? 1 : 0) + (pool ? 1 : 0)
  );
}

/** How many keys an event template has (templates are never changed once made): a task's rounds ask of the same one. */
const templateKeys = lastAnswer((t: TaskEvent) => keyCount(t));

/** The events as read: the time, version and pool info back in each. */
export function readEvents(
  templates: readonly TaskEvent[],
  version: number,
  at: number,
  resources: CallRecord['resources'],
): TaskEvent[] {
  if (templates.length === 0) return templates as TaskEvent[];
  return templates.map((t) => {
    const e = { ...t, occurredAt: at };
    if (t.version === SAME_VERSION) e.version = version;
    if (t.resourcePoolInfo === ROUND_POOL) e.resourcePoolInfo = resourcePoolInfo(resources);
    return e;
  });
}

/**
 * The transition as kept: `undefined` for none, `null` when the columns cannot hold it (its text was built, or its
 * info has logs or custom info), else the task's last template when the same.
 */
export function transitionTemplate(
  t: TimelineTransition | undefined,
  version: number,
  last: TransitionTemplate | undefined,
): TransitionTemplate | undefined | null {
  if (t === undefined) return undefined;
  if (!isPendingTransition(t) || t.err !== undefined) return null;
  const info = t.info;
  let kind: TransitionTemplate['info'] = 0;
  if (info !== undefined) {
    const n = keyCount(info);
    if (n === 0) kind = 1;
    else if (n === 1 && info.occurredAt !== undefined) kind = 2;
    else return null;
  }
  const v = t.version === version ? SAME_VERSION : t.version;
  if (
    last !== undefined &&
    last.type === t.type &&
    last.phase === t.phase &&
    last.version === v &&
    last.reason === t.reason &&
    last.info === kind
  )
    return last;
  return { type: t.type, phase: t.phase, version: v, reason: t.reason, info: kind };
}

/**
 * Whether {@link transitionTemplate} finds the recorded form of `t` (`pending.ts` `recordedTransition`, its text left
 * pending: `textFollowsFields`) the same as `last`: compared by its fields, never made.
 */
export function repeatsTransition(last: TransitionTemplate, t: Transition, version: number): boolean {
  const pi = t.info;
  return (
    last.type === (t.type === TransitionType.Barrier ? 'Barrier' : 'Ephemeral') &&
    last.phase === PHASE_NAMES[pi.phase] &&
    last.version === (pi.version === version ? SAME_VERSION : pi.version) &&
    last.reason === pi.reason &&
    last.info === infoKind(pi.info)
  );
}

/**
 * The template's `info` of a transition whose info is `info` (`events.ts` `infoJson` keeps each field that is set), or
 * -1 when the columns cannot hold it (logs, custom info).
 */
export function infoKind(info: TaskInfo | undefined): TransitionTemplate['info'] | -1 {
  if (info === undefined) return 0;
  if (info.logs !== undefined || info.customInfo !== undefined) return -1;
  return info.occurredAt !== undefined ? 2 : 1;
}

/** The transition as read: every field, the text built. */
export function readTransition(t: TransitionTemplate, version: number, at: number): TimelineTransition {
  const out: TimelineTransition = {
    type: t.type,
    phase: t.phase,
    version: t.version === SAME_VERSION ? version : t.version,
    reason: t.reason,
    text: '',
  };
  if (t.info === 1) out.info = {};
  else if (t.info === 2) out.info = { occurredAt: at };
  out.text = transitionText(out);
  return out;
}
