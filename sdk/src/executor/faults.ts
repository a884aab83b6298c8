/**
 * Fault injection: declarative entries ("Handle throws on round 3 of task a") or a script deciding per call.
 *
 * @module
 */
import type { AllocationStatus } from '../contract/resource';

/** The plugin calls a fault can target. */
export type CallKind = 'handle' | 'abort' | 'finalize';

/** Where a declarative fault fires; every given field must match. */
export interface FaultWhen {
  /** Task execution id. @default any */
  task?: string;
  /** The task's round: `3`, or a range `"2-4"`. @default any */
  round?: number | string;
  /** @default any */
  attempt?: number;
  /** @default 'handle' */
  call?: CallKind;
  /** How many times it fires at most. @default unlimited */
  times?: number;
}

/** A fault, by kind. */
export type Fault =
  | ({ kind: 'throw'; message?: string } & FaultWhen)
  | ({ kind: 'lose-state-write' } & FaultWhen)
  | ({ kind: 'resource-error'; op?: 'allocate' | 'release'; message?: string } & FaultWhen)
  | ({ kind: 'resource-status'; status: AllocationStatus } & FaultWhen)
  | ({ kind: 'secret-missing'; key?: string } & FaultWhen)
  | ({ kind: 'event-sink-fails'; message?: string } & FaultWhen)
  | ({ kind: 'slow-call'; delayMs: number } & FaultWhen);

/** The kinds of {@link Fault}. */
export type FaultKind = Fault['kind'];

/** Where a call stands, for matching faults. */
export interface CallSite {
  task: string;
  round: number;
  attempt: number;
  call: CallKind;
}

/** Decides the faults of each call. */
export type FaultScript = (site: CallSite) => Fault[] | undefined;

function roundMatches(spec: number | string | undefined, round: number): boolean {
  if (spec === undefined) return true;
  if (typeof spec === 'number') return spec === round;
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(spec);
  if (m) return round >= Number(m[1]) && round <= Number(m[2]);
  return Number(spec) === round;
}

// Shared by every call of a plan without faults; never written to.
const NONE: Fault[] = Object.freeze([]) as unknown as Fault[];

/** Matches faults against calls and counts how often each fired. */
export class FaultPlan {
  readonly #faults: Fault[];
  readonly #script: FaultScript | undefined;
  readonly #fired = new Map<Fault, number>();

  constructor(faults: Fault[] | FaultScript | undefined) {
    this.#faults = Array.isArray(faults) ? faults : [];
    this.#script = typeof faults === 'function' ? faults : undefined;
  }

  /** The faults that fire for this call (each counts as fired once). */
  forCall(site: CallSite): Fault[] {
    if (this.#faults.length === 0 && this.#script === undefined) return NONE;
    const out: Fault[] = [];
    for (const f of this.#faults) {
      if (f.task !== undefined && f.task !== site.task) continue;
      if (f.attempt !== undefined && f.attempt !== site.attempt) continue;
      if ((f.call ?? 'handle') !== site.call) continue;
      if (!roundMatches(f.round, site.round)) continue;
      const n = this.#fired.get(f) ?? 0;
      if (f.times !== undefined && n >= f.times) continue;
      this.#fired.set(f, n + 1);
      out.push(f);
    }
    if (this.#script) out.push(...(this.#script(site) ?? []));
    return out;
  }
}
