/**
 * A deterministic generator of schema-valid timelines, for the model and view tests and for the webview benchmark.
 * It plays the executor's part without running any plugin: tasks share quotas (holders and waiters), report
 * progress (dedup rounds between version bumps), hit round errors, fail and retry as attempt 1, get aborted and
 * finalized, and one barrier transition is replayed. Same options, same records, byte for byte.
 *
 * Calls are emitted in virtual-time order from a queue, so the "rounds" and "virtual time" axes of the view differ:
 * a waiting task backs off longer than a running one.
 */
import type {
  CallRecord,
  EventPhase,
  PhaseName,
  ResourceCall,
  TaskEvent,
  TimelineRecord,
} from '@plugbench/sdk/timeline';
import { mulberry32 } from '../../sdk/src/executor/names';
import { MinHeap } from '../../sdk/src/timeline/min-heap';

/** What to generate. */
export interface SyntheticTimelineOptions {
  /** Task executions started (default 8). */
  tasks?: number;
  /** Stop after exactly this many call records (run.finished reason `round-cap`); default: run every task to the end. */
  calls?: number;
  /** Average Running rounds of a task (default 8, or enough to reach `calls`). */
  roundsPerTask?: number;
  /** Seed of the pseudo-random choices (default 1). */
  seed?: number;
  /** Quotas shared by the tasks; a task uses quota `i % quotas.length`, every fifth task none (default gpu:1, api:2). */
  quotas?: readonly { namespace: string; quota: number }[];
  /** Probability that a Running round throws (default 0.08). */
  errorRate?: number;
  /** Tasks started per virtual second (default: all at once, in start order). */
  startRate?: number;
}

const PLUGIN = 'synthetic-plugin';
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** mulberry32, the executor's own: small, fast, and the same everywhere. */
const rng = mulberry32;

const EVENT_PHASE: Record<PhaseName, EventPhase> = {
  Undefined: 'UNDEFINED',
  NotReady: 'UNDEFINED',
  WaitingForResources: 'WAITING_FOR_RESOURCES',
  Queued: 'QUEUED',
  Initializing: 'INITIALIZING',
  Running: 'RUNNING',
  Success: 'SUCCEEDED',
  RetryableFailure: 'FAILED',
  PermanentFailure: 'FAILED',
};

type Fate = 'success' | 'retry' | 'abort' | 'fail';

interface Lane {
  order: number;
  task: string;
  attempt: number;
  generatedName: string;
  quota: number; // index into quotas, -1 for none
  fate: Fate;
  runRounds: number;
  abortAtRound: number;
  barrierAtRound: number;
  round: number;
  phase: PhaseName;
  version: number;
  nodePhase: CallRecord['nodePhase']['after'];
  progress: number;
  reported: number;
  stateVersion: number;
  holding: boolean;
  failedAttempts: number;
  finishing?: 'finalize';
}

/** The next calls, earliest first; at the same time, in lane order (deterministic). */
class Queue {
  readonly #heap = new MinHeap<readonly [at: number, order: number]>(
    (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]),
  );
  get size(): number {
    return this.#heap.size;
  }
  push(at: number, ord: number): void {
    this.#heap.push([at, ord]);
  }
  pop(): readonly [number, number] {
    return this.#heap.pop()!;
  }
}

/** Generates a timeline: run.started, quota.registered, then task.started / call / task.finished, run.finished. */
export function syntheticTimeline(options: SyntheticTimelineOptions = {}): TimelineRecord[] {
  const nTasks = options.tasks ?? 8;
  const callCap = options.calls ?? Infinity;
  // With a call cap, tasks run long enough that the cap, not the work, ends the run.
  const avgRounds =
    options.roundsPerTask ?? (Number.isFinite(callCap) ? Math.max(8, Math.ceil((1.5 * callCap) / nTasks)) : 8);
  const quotas = options.quotas ?? [
    { namespace: 'gpu', quota: 1 },
    { namespace: 'api', quota: 2 },
  ];
  const errorRate = options.errorRate ?? 0.08;
  const random = rng(options.seed ?? 1);
  const out: TimelineRecord[] = [];
  let seq = 0;
  let calls = 0;

  out.push({
    v: 1,
    seq: seq++,
    at: T0,
    kind: 'run.started',
    seed: options.seed ?? 1,
    config: {
      resyncPeriodMs: 1000,
      maxStreakLength: 8,
      roundTimeoutMs: 30_000,
      maxPluginPhaseVersions: 100_000,
      maxWorkflowRetries: 3,
      maxSystemRetries: 10,
      maxOutputSizeBytes: 10 * 1024 * 1024,
      resourceManager: 'redis',
      barrier: true,
    },
    plugins: [{ id: PLUGIN, taskTypes: ['synthetic'], isDefault: true }],
  });
  const used = quotas.map(() => 0);
  for (const q of quotas) {
    out.push({
      v: 1,
      seq: seq++,
      at: T0,
      kind: 'quota.registered',
      pluginId: PLUGIN,
      namespace: q.namespace,
      namespaceFQ: `${PLUGIN}:${q.namespace}`,
      quota: q.quota,
    });
  }

  const width = String(nTasks - 1).length;
  const lanes: Lane[] = [];
  const queue = new Queue();
  const fates: Fate[] = ['success', 'success', 'retry', 'success', 'abort', 'success', 'fail'];

  const newLane = (task: string, index: number, attempt: number, fate: Fate): Lane => {
    const runRounds = Math.max(2, Math.round(avgRounds * (0.5 + random())));
    const lane: Lane = {
      order: lanes.length,
      task,
      attempt,
      generatedName: `fexec-n${index}-${attempt}`,
      quota: index % 5 === 4 || quotas.length === 0 ? -1 : index % quotas.length,
      fate,
      runRounds,
      abortAtRound: fate === 'abort' ? 3 + Math.floor(random() * runRounds) : Infinity,
      barrierAtRound: index === 1 && attempt === 0 ? 3 : Infinity,
      round: 0,
      phase: 'Undefined',
      version: 0,
      nodePhase: 'Queued',
      progress: 0,
      reported: 0,
      stateVersion: 0,
      holding: false,
      failedAttempts: 0,
    };
    lanes.push(lane);
    return lane;
  };

  const startEvery = options.startRate ? 1000 / options.startRate : 0;
  for (let i = 0; i < nTasks; i++) {
    const task = `job-${String(i).padStart(width, '0')}`;
    const lane = newLane(task, i, 0, fates[i % fates.length]!);
    queue.push(T0 + Math.floor(i * startEvery), lane.order);
  }

  const started = new Set<number>();

  const resourceCall = (lane: Lane, op: 'allocate' | 'release'): ResourceCall => {
    const q = quotas[lane.quota]!;
    let status: ResourceCall['status'];
    if (op === 'allocate') {
      if (lane.holding) status = 'ResourceGranted';
      else if (used[lane.quota]! < q.quota) {
        used[lane.quota]!++;
        lane.holding = true;
        status = 'ResourceGranted';
      } else status = 'ResourceExhausted';
    } else {
      if (lane.holding) used[lane.quota]!--;
      lane.holding = false;
    }
    return {
      op,
      namespace: q.namespace,
      token: lane.generatedName,
      namespaceFQ: `${PLUGIN}:${q.namespace}`,
      tokenFQ: `proj-dev-${lane.generatedName}`,
      ...(status ? { status } : {}),
      poolAfter: { used: used[lane.quota]!, quota: q.quota },
    };
  };

  const emitCall = (lane: Lane, at: number): number => {
    const call: CallRecord['call'] =
      lane.finishing === 'finalize'
        ? 'finalize'
        : lane.round + 1 >= lane.abortAtRound && lane.nodePhase === 'Running'
          ? 'abort'
          : 'handle';
    if (call !== 'finalize') lane.round++;
    const before = { phase: lane.phase, version: lane.version, nodePhase: lane.nodePhase, state: lane.stateVersion };
    const resources: ResourceCall[] = [];
    const logs: CallRecord['logs'] = [];
    const events: TaskEvent[] = [];
    let decision: CallRecord['decision'];
    let error: CallRecord['error'];
    let transitionType: 'Ephemeral' | 'Barrier' = 'Ephemeral';
    let reason = '';
    let delay = 2000;
    let finished: 'Succeeded' | 'Failed' | 'Aborted' | undefined;
    let retryNext = false;

    if (call === 'abort') {
      lane.nodePhase = 'Aborting';
      events.push({
        source: 'abort',
        phase: 'ABORTED',
        version: lane.version,
        reason: 'aborted by the workflow',
        occurredAt: at,
      });
      logs.push({ level: 'info', message: `abort requested for ${lane.generatedName}` });
      lane.finishing = 'finalize';
      delay = 100;
    } else if (call === 'finalize') {
      if (lane.quota >= 0 && lane.holding) resources.push(resourceCall(lane, 'release'));
      logs.push({ level: 'info', message: 'finalized: resources released' });
      lane.nodePhase = 'Aborted';
      finished = 'Aborted';
    } else if (lane.round === lane.barrierAtRound) {
      transitionType = 'Barrier';
      decision = { code: 'barrier-replay', message: 'barrier transition replayed from the cache; Handle not called' };
      reason = 'replayed';
      lane.nodePhase = 'Running';
    } else if (lane.phase === 'Undefined' || lane.phase === 'WaitingForResources') {
      lane.nodePhase = 'Running';
      if (lane.quota >= 0) {
        const r = resourceCall(lane, 'allocate');
        resources.push(r);
        if (r.status === 'ResourceGranted') {
          lane.phase = 'Queued';
          reason = `granted ${r.namespace}/${r.token}`;
        } else {
          lane.phase = 'WaitingForResources';
          reason = `${r.namespace} exhausted (${r.poolAfter!.used}/${r.poolAfter!.quota})`;
          delay = 5000;
        }
      } else {
        lane.phase = 'Queued';
        reason = 'submitted';
      }
    } else if (lane.phase === 'Queued') {
      lane.phase = lane.attempt === 0 && lane.order % 3 === 0 ? 'Initializing' : 'Running';
      reason = lane.phase === 'Initializing' ? 'pulling image' : 'started';
    } else if (lane.phase === 'Initializing') {
      lane.phase = 'Running';
      reason = 'started';
    } else if (lane.phase === 'Running') {
      if (random() < errorRate) {
        error = {
          source: 'handle',
          message: 'ECONNRESET: status endpoint hung up',
          code: 'ECONNRESET',
          stack:
            'Error: ECONNRESET: status endpoint hung up\n    at poll (plugin.ts:42:11)\n    at handle (plugin.ts:17:5)',
        };
        decision = { code: 'round-error', message: 'Handle threw; nothing persisted, retried next round' };
        lane.failedAttempts++;
        logs.push({ level: 'error', message: 'poll failed: ECONNRESET' });
      } else {
        lane.progress++;
        logs.push({ level: 'debug', message: `progress ${lane.progress}/${lane.runRounds}` });
        if (lane.progress >= lane.runRounds) {
          if (lane.fate === 'retry' && lane.attempt === 0) {
            lane.phase = 'RetryableFailure';
            reason = 'exit code 137 (OOMKilled)';
            lane.nodePhase = 'RetryableFailure';
            decision = { code: 'retry', message: 'retryable failure: attempt 1 will start' };
            retryNext = true;
          } else if (lane.fate === 'fail') {
            lane.phase = 'PermanentFailure';
            reason = 'invalid job spec';
            lane.nodePhase = 'Failed';
            finished = 'Failed';
          } else {
            lane.phase = 'Success';
            reason = 'completed';
            lane.nodePhase = 'Succeeded';
            finished = 'Succeeded';
          }
          if (lane.quota >= 0 && lane.holding) resources.push(resourceCall(lane, 'release'));
        } else if (lane.progress % 4 === 0) {
          lane.version++;
          reason = `progress ${lane.progress}/${lane.runRounds}`;
        }
      }
    }

    const transitioned = call === 'handle' && (lane.phase !== before.phase || lane.version !== before.version);
    if (call === 'handle' && !error && decision === undefined) {
      decision = transitioned
        ? { code: 'event', message: 'new phase version: event sent, state persisted' }
        : { code: 'dedup', message: 'phase and version unchanged: no event, state write dropped' };
    }
    // The external job's progress is not plugin state: state is written (and kept) only with a new phase version.
    const persisted = decision?.code === 'event';
    if ((transitioned && call === 'handle') || decision?.code === 'retry') {
      events.push({
        source: 'transition',
        phase: EVENT_PHASE[lane.phase],
        pluginPhase: lane.phase,
        version: lane.version,
        reason,
        occurredAt: at,
        ...(lane.holding
          ? { resourcePoolInfo: [{ namespace: quotas[lane.quota]!.namespace, allocationToken: lane.generatedName }] }
          : {}),
        ...(lane.phase === 'RetryableFailure' || lane.phase === 'PermanentFailure'
          ? {
              err: {
                code: lane.phase === 'PermanentFailure' ? 'BadSpec' : 'OOMKilled',
                message: reason,
                kind: 'USER' as const,
              },
            }
          : {}),
      });
    }
    if (persisted) lane.stateVersion = Math.min(255, lane.stateVersion + 1);
    const value = (phase: PhaseName, version: number, progress: number) => ({
      jobId: `${lane.generatedName}-k8s`,
      phase,
      version,
      reported: progress,
    });
    const beforeValue = before.phase === 'Undefined' ? undefined : value(before.phase, before.version, lane.reported);
    if (persisted) lane.reported = lane.progress;
    const afterValue = persisted ? value(lane.phase, lane.version, lane.reported) : beforeValue;
    const phaseText = `Phase<Phase${lane.phase}:${lane.version} ${error ? 'err' : '<nil>'} Reason:${reason}>`;
    const rec: CallRecord = {
      v: 1,
      seq: seq++,
      at,
      kind: 'call',
      task: lane.task,
      attempt: lane.attempt,
      round: lane.round,
      call,
      generatedName: lane.generatedName,
      nodePhase: { before: before.nodePhase, after: lane.nodePhase },
      pluginPhase: { phase: error ? before.phase : lane.phase, version: error ? before.version : lane.version },
      ...(call === 'handle'
        ? {
            transition: {
              type: transitionType,
              phase: error ? 'Undefined' : lane.phase,
              version: error ? 0 : lane.version,
              reason,
              ...(lane.phase === 'RetryableFailure'
                ? { err: { code: 'OOMKilled', message: reason, kind: 'USER' as const } }
                : {}),
              text: `TransitionType${transitionType},${phaseText}`,
            },
            decision,
            state: {
              before: { version: before.state, ...(beforeValue ? { value: beforeValue } : {}) },
              ...(decision?.code !== 'round-error' && decision?.code !== 'barrier-replay' && transitioned
                ? { write: { op: 'put' as const, version: 1, value: afterValue } }
                : {}),
              after: { version: lane.stateVersion, ...(afterValue ? { value: afterValue } : {}) },
              persisted,
            },
          }
        : {}),
      events,
      resources,
      logs,
      ...(error ? { error } : {}),
      failedAttempts: lane.failedAttempts,
      wallMs: Math.round(random() * 300) / 100,
    };
    out.push(rec);
    calls++;
    if (finished) {
      out.push({
        v: 1,
        seq: seq++,
        at,
        kind: 'task.finished',
        task: lane.task,
        attempt: lane.attempt,
        nodePhase: finished,
        ...(finished === 'Failed' ? { err: { code: 'BadSpec', message: 'invalid job spec', kind: 'USER' } } : {}),
        reason,
        rounds: lane.round,
      });
      return -1;
    }
    if (retryNext) {
      const index = Number(lane.generatedName.slice('fexec-n'.length, lane.generatedName.lastIndexOf('-')));
      const next = newLane(lane.task, index, lane.attempt + 1, 'success');
      next.round = lane.round;
      started.add(next.order);
      queue.push(at + 3000, next.order);
      return -1;
    }
    return at + delay;
  };

  let lastAt = T0;
  while (queue.size > 0 && calls < callCap) {
    const [at, order] = queue.pop();
    lastAt = at;
    const lane = lanes[order]!;
    if (!started.has(order)) {
      started.add(order);
      out.push({
        v: 1,
        seq: seq++,
        at,
        kind: 'task.started',
        task: lane.task,
        taskType: 'synthetic',
        pluginId: PLUGIN,
        execution: { project: 'proj', domain: 'dev', name: 'fexec' },
        nodeId: `n${order}`,
        maxAttempts: 2,
        interruptible: false,
      });
    }
    const next = emitCall(lane, at);
    if (next >= 0) queue.push(next, order);
  }
  out.push({
    v: 1,
    seq: seq++,
    at: lastAt,
    kind: 'run.finished',
    reason: calls >= callCap ? 'round-cap' : 'terminal',
    rounds: calls,
  });
  return out;
}
