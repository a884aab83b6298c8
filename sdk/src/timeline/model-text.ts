/**
 * A plain-text rendering of a timeline model for terminals and logs: phases per task attempt, events, tokens held
 * and waited for, and the pools. Pure string building; colours only on request.
 *
 * @module
 */
import type { PhaseName } from './types';
import type { TimelineModel } from './model';
import { MarkerKind } from './model-types';
import { countOf, runRoundOf } from './words';

/** Options of {@link renderTimelineText}. */
export interface TimelineTextOptions {
  /** Colour phases and problems with ANSI escapes (default false). */
  color?: boolean;
  /** Tasks shown before "... and N more" (default 50). */
  maxTasks?: number;
  /** Events listed per lane before "... +N" (default 12). */
  maxEventsPerLane?: number;
}

const ANSI = {
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
};

const PHASE_COLOR: Record<PhaseName, string> = {
  Undefined: ANSI.dim,
  NotReady: ANSI.dim,
  WaitingForResources: ANSI.yellow,
  Queued: ANSI.magenta,
  Initializing: ANSI.cyan,
  Running: ANSI.blue,
  Success: ANSI.green,
  RetryableFailure: ANSI.yellow,
  PermanentFailure: ANSI.red,
};

function ms(d: number): string {
  if (d < 1000) return `${d}ms`;
  if (d < 60_000) return `${+(d / 1000).toFixed(1)}s`;
  const m = Math.floor(d / 60_000);
  return `${m}m${Math.round((d % 60_000) / 1000)}s`;
}

/**
 * Renders a model as text, one block per task attempt:
 *
 * ```text
 * job-0 #0  Succeeded  12 rounds
 *   phases  Queued(1) → Initializing(1) → Running v0..2 (9) → Success(1)
 *   events  r1 QUEUED, r2 INITIALIZING, r3 RUNNING, r7 RUNNING v1, r12 SUCCEEDED
 *   tokens  gpu/fexec-n0-0 r1..r12
 *   errors  r5 round-error: ECONNRESET: status endpoint hung up
 * ```
 */
export function renderTimelineText(model: TimelineModel, options: TimelineTextOptions = {}): string {
  const color = options.color ?? false;
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  const maxTasks = options.maxTasks ?? 50;
  const maxEvents = options.maxEventsPerLane ?? 12;
  const sum = model.summary();
  const lines: string[] = [];

  const outcomes = Object.entries(sum.outcomes)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  lines.push(
    paint(ANSI.bold, 'timeline') +
      `: ${countOf(sum.tasks, 'task')} (${countOf(sum.lanes, 'attempt lane')}), ${countOf(runRoundOf(model.calls, model.calls.length - 1), 'run round')}, ${sum.events} events, ${ms(sum.durationMs)} virtual` +
      (sum.finishedReason ? `; finished (${sum.finishedReason})` : '; not finished') +
      (outcomes ? `; ${outcomes}` : ''),
  );
  const m = sum.markers;
  const problems = [
    [m[MarkerKind.RoundError], 'round errors'],
    [m[MarkerKind.Retry], 'retries'],
    [m[MarkerKind.Abort], 'aborts'],
    [m[MarkerKind.BarrierReplay], 'barrier replays'],
    [m[MarkerKind.VersionCap], 'version caps'],
    [m[MarkerKind.WriteLost], 'lost writes'],
    [m[MarkerKind.Error], 'call errors'],
    [m[MarkerKind.Fault], 'faults'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`);
  lines.push(`  ${m[MarkerKind.Dedup]} dedup rounds${problems.length ? ', ' + problems.join(', ') : ''}`);

  const round = (call: number) => `r${model.calls[call]!.round}`;
  // One pass over the pools, so the text costs O(calls + holds), not O(lanes x holds).
  const tokensByLane = new Map<number, string[]>();
  const waitsByLane = new Map<number, string[]>();
  const add = (map: Map<number, string[]>, lane: number, s: string) => {
    const list = map.get(lane);
    if (list) list.push(s);
    else map.set(lane, [s]);
  };
  for (const pool of model.pools) {
    for (const h of pool.holds) {
      add(
        tokensByLane,
        h.lane,
        `${pool.namespace}/${h.token} ${round(h.fromCall)}..${h.toCall === undefined ? paint(ANSI.yellow, 'still held') : round(h.toCall)}`,
      );
    }
    for (const w of pool.waits) {
      const until = w.toCall === undefined ? 'still waiting' : w.toCall < model.calls.length ? round(w.toCall) : 'end';
      add(waitsByLane, w.lane, `${pool.namespace} ${round(w.fromCall)}..${until} (${w.attempts} tries)`);
    }
  }
  let shown = 0;
  for (const task of model.tasks) {
    if (shown >= maxTasks) break;
    shown++;
    for (const li of task.lanes) {
      const lane = model.lanes[li]!;
      const outcome =
        lane.finished?.nodePhase ?? (lane.ended ? lane.nodePhase : lane.calls.length ? 'running' : 'pending');
      const outcomeColor =
        outcome === 'Succeeded' ? ANSI.green : outcome === 'Failed' || outcome === 'Aborted' ? ANSI.red : ANSI.yellow;
      lines.push('');
      lines.push(
        `${paint(ANSI.bold, lane.task)} #${lane.attempt}  ${paint(outcomeColor, outcome)}  ${lane.calls.length} call${lane.calls.length === 1 ? '' : 's'}`,
      );
      const phases = lane.segments.map((s) => {
        const v =
          s.fromVersion === s.lastVersion
            ? s.fromVersion
              ? ` v${s.fromVersion}`
              : ''
            : ` v${s.fromVersion}..${s.lastVersion}`;
        return paint(PHASE_COLOR[s.phase], `${s.aborted ? 'aborting:' : ''}${s.phase}${v}`) + `(${s.calls})`;
      });
      if (phases.length) lines.push(`  phases  ${phases.join(' → ')}`);
      const events: string[] = [];
      let evCount = 0;
      for (const c of lane.calls) {
        for (const e of model.calls[c]!.events) {
          evCount++;
          if (events.length < maxEvents) events.push(`${round(c)} ${e.phase}${e.version ? ` v${e.version}` : ''}`);
        }
      }
      if (evCount)
        lines.push(
          `  events  ${events.join(', ')}${evCount > events.length ? `, ... +${evCount - events.length}` : ''}`,
        );
      const tokens = tokensByLane.get(li) ?? [];
      const waits = waitsByLane.get(li) ?? [];
      if (tokens.length) lines.push(`  tokens  ${tokens.join(', ')}`);
      if (waits.length) lines.push(`  waited  ${waits.join(', ')}`);
      const errs: string[] = [];
      for (const mk of lane.markers) {
        if (mk.kind === MarkerKind.RoundError || mk.kind === MarkerKind.Error || mk.kind === MarkerKind.VersionCap) {
          const rec = model.calls[mk.call]!;
          errs.push(`${round(mk.call)} ${mk.kind}: ${rec.error?.message ?? rec.decision?.message ?? ''}`);
        } else if (
          mk.kind === MarkerKind.Abort ||
          mk.kind === MarkerKind.Finalize ||
          mk.kind === MarkerKind.Retry ||
          mk.kind === MarkerKind.BarrierReplay
        ) {
          errs.push(`${round(mk.call)} ${mk.kind}`);
        }
      }
      if (errs.length)
        lines.push(
          `  marks   ${errs
            .slice(0, maxEvents)
            .map((e) => (e.includes('error') ? paint(ANSI.red, e) : e))
            .join('; ')}${errs.length > maxEvents ? `; ... +${errs.length - maxEvents}` : ''}`,
        );
      if (lane.finished?.err)
        lines.push(`  error   ${paint(ANSI.red, `${lane.finished.err.code}: ${lane.finished.err.message}`)}`);
    }
  }
  if (model.tasks.length > shown) lines.push('', `... and ${model.tasks.length - shown} more tasks`);

  if (model.pools.length) {
    lines.push('', paint(ANSI.bold, 'pools'));
    for (const p of model.pools) {
      lines.push(
        `  ${p.namespace}  quota ${p.quota ?? '?'}  max used ${p.maxUsed}  ${p.grants} grants, ${p.releases} releases, ${p.exhausted} exhausted` +
          `  max waiting ${p.maxWaiting}` +
          (p.errors ? paint(ANSI.red, `  ${p.errors} errors`) : ''),
      );
    }
    if (sum.heldAtEnd.length) {
      const held = sum.heldAtEnd.slice(0, 20).map((h) => `${h.namespace}/${h.token} (${h.task})`);
      lines.push(
        `  ${paint(ANSI.yellow, 'held at the end')}: ${held.join(', ')}${sum.heldAtEnd.length > 20 ? `, ... +${sum.heldAtEnd.length - 20}` : ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
