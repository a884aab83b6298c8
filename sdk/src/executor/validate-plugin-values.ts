/**
 * Values a plugin hands the executor, checked before anything records them. Go's types make most wrong values
 * impossible: `Phase` is an enum, `Reason` a string, `TaskInfo.OccurredAt` a `*time.Time`, `Logs` a `[]*core.TaskLog`,
 * `CustomInfo` a `*structpb.Struct` (flyteplugins go/tasks/pluginmachinery/core/phase.go, `PhaseInfo` and `TaskInfo`).
 * In JavaScript they are only advice: a phase of 42 would be persisted and sent as an UNDEFINED event, a numeric
 * reason would make records the timeline schema refuses, a BigInt in custom info would crash serialization. Each is a
 * round error here instead, naming the field and the value.
 *
 * @module
 */
import { PlugbenchError } from '../contract/errors';
import { Phase } from '../contract/phase';
import { isATransitionType } from '../contract/transition-type';
import { ExecutionError_ErrorKind } from '../idl/index';

const PHASES = new Set<unknown>(Object.values(Phase));
const ERROR_KINDS = new Set<unknown>(Object.values(ExecutionError_ErrorKind).filter((k) => typeof k === 'number'));

/** A plugin value that does not have the type the contract gives it; the message names the field and the value. */
export class PluginValueError extends PlugbenchError {}

/** `42 (a number)`, `"x" (a string)`, `a Map`: what a wrong value was, short. */
export function describePluginValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'string') return `${JSON.stringify(x.length > 60 ? `${x.slice(0, 60)}…` : x)} (a string)`;
  if (typeof x === 'bigint') return `${x}n (a bigint)`;
  if (typeof x === 'number' || typeof x === 'boolean') return `${String(x)} (a ${typeof x})`;
  if (typeof x === 'symbol' || typeof x === 'function') return `a ${typeof x}`;
  if (Array.isArray(x)) return `an array of ${x.length}`;
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === null) return 'an object without prototype';
  const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

const bad = (field: string, value: unknown, expected: string) =>
  `${field} is ${describePluginValue(value)}; expected ${expected}`;

/**
 * Why `value` would not survive as a `google.protobuf.Struct` value (JSON: null, a boolean, a finite number, a
 * string, an array or a plain object of those, no cycle), or `undefined` when it would.
 */
export function structValueProblem(value: unknown, field: string, seen: Set<object> = new Set()): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : bad(field, value, 'a finite number');
  if (typeof value !== 'object')
    return bad(field, value, 'JSON data (null, a boolean, a finite number, a string, an array or a plain object)');
  if (seen.has(value)) return `${field} refers back to itself (a cycle); expected JSON data`;
  if (!Array.isArray(value) && !isPlainObject(value)) return bad(field, value, 'a plain object or an array');
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = structValueProblem(value[i], `${field}[${i}]`, seen);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    for (const [k, v] of Object.entries(value)) {
      // JSON leaves an undefined property out, as a Struct would not have it: harmless.
      if (v === undefined) continue;
      const p = structValueProblem(v, `${field}.${k}`, seen);
      if (p !== undefined) return p;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/** Why task info would not record, or `undefined`; `parent` + `at` name it (`transition.info` + `.info`). */
function taskInfoProblem(info: unknown, parent: string, at: string): string | undefined {
  // The field's name is built only for a problem: every round checks task info, and almost none has one.
  if (!isPlainObject(info)) return bad(`${parent}${at}`, info, 'a TaskInfo object or undefined');
  const { occurredAt, logs, customInfo } = info;
  if (occurredAt !== undefined && !(occurredAt instanceof Date && Number.isFinite(occurredAt.getTime()))) {
    return bad(`${parent}${at}.occurredAt`, occurredAt, 'a valid Date or undefined');
  }
  if (logs === undefined && customInfo === undefined) return undefined;
  const field = `${parent}${at}`;
  if (logs !== undefined) {
    if (!Array.isArray(logs)) return bad(`${field}.logs`, logs, 'an array of TaskLog or undefined');
    for (const [i, log] of logs.entries()) {
      if (typeof log !== 'object' || log === null) return bad(`${field}.logs[${i}]`, log, 'a TaskLog object');
      for (const key of ['name', 'uri'] as const) {
        const v = (log as Record<string, unknown>)[key];
        if (v !== undefined && typeof v !== 'string') return bad(`${field}.logs[${i}].${key}`, v, 'a string');
      }
    }
  }
  if (customInfo !== undefined) {
    if (!isPlainObject(customInfo))
      return bad(`${field}.customInfo`, customInfo, 'a plain object (google.protobuf.Struct) or undefined');
    return structValueProblem(customInfo, `${field}.customInfo`);
  }
  return undefined;
}

function executionErrorProblem(err: unknown, field: string): string | undefined {
  if (err === undefined) return undefined;
  if (typeof err !== 'object' || err === null) return bad(field, err, 'an ExecutionError or undefined');
  const e = err as Record<string, unknown>;
  if (typeof e.code !== 'string') return bad(`${field}.code`, e.code, 'a string');
  if (typeof e.message !== 'string') return bad(`${field}.message`, e.message, 'a string');
  if (!ERROR_KINDS.has(e.kind))
    return bad(`${field}.kind`, e.kind, 'an ExecutionError_ErrorKind (UNKNOWN, USER or SYSTEM)');
  return undefined;
}

/** Why a phase info (of a transition, or a raw event) would not record as the contract says, or `undefined`. */
export function phaseInfoProblem(pi: unknown, field: string): string | undefined {
  if (typeof pi !== 'object' || pi === null) return bad(field, pi, 'a PhaseInfo');
  const p = pi as Record<string, unknown>;
  if (!PHASES.has(p.phase)) return bad(`${field}.phase`, p.phase, `a Phase (0..${PHASES.size - 1})`);
  if (typeof p.version !== 'number' || !Number.isInteger(p.version) || p.version < 0)
    return bad(`${field}.version`, p.version, 'a non-negative integer');
  if (typeof p.reason !== 'string') return bad(`${field}.reason`, p.reason, 'a string');
  // Field names are built only for a value to check: every round checks one, and most have no error.
  if (p.err !== undefined) {
    const problem = executionErrorProblem(p.err, `${field}.err`);
    if (problem !== undefined) return problem;
  }
  return p.info === undefined ? undefined : taskInfoProblem(p.info, field, '.info');
}

/**
 * The round error for a returned transition, or `undefined` when every value has its contract type. Fields are named
 * as the plugin wrote them: `transition.info.reason`, `transition.info.info.customInfo.a`.
 */
export function pluginValuesError(transition: { type: unknown; info: unknown }): PluginValueError | undefined {
  const problem =
    (isATransitionType(transition.type)
      ? undefined
      : bad('transition.type', transition.type, 'a TransitionType (0 Ephemeral, 1 Barrier)')) ??
    phaseInfoProblem(transition.info, 'transition.info');
  return problem === undefined ? undefined : new PluginValueError(`invalid value from the plugin: ${problem}`);
}

// Problems found while plugin code ran (an invalid raw event, a resource call after its round settled), noted
// against the round's scratch or the task, for the round that checks next to fail with. Kept here rather than on
// the scratch or the task so that the executor's records of both stay as they are.
const noted = new WeakMap<object, PlugbenchError[]>();
/**
 * How many owners have problems noted and not taken. Almost every round has none to take, and a `WeakMap` lookup is a
 * call V8 does not inline (two a round were about 5% of a round): a round looks only while this is not 0. An owner
 * whose problems are never taken (a task that finished) keeps it above 0, and rounds then look, as they always did.
 */
let notedOwners = 0;

/** Notes a problem against `owner` (a round's scratch, or a task execution for a call made after its round). */
export function notePluginMisuse(owner: object, error: PlugbenchError): void {
  const list = noted.get(owner);
  if (list === undefined) {
    noted.set(owner, [error]);
    notedOwners++;
  } else list.push(error);
}

/** Takes (and forgets) the problems noted against a round's scratch and its task: the first, with how many more. */
export function takePluginMisuse(scratch: object, task: object): PlugbenchError | undefined {
  // Runs every round, and almost every round has nothing noted: no lookup, no allocation, no delete, on that path.
  if (notedOwners === 0) return undefined;
  const own = noted.get(scratch);
  const late = noted.get(task);
  if (own === undefined && late === undefined) return undefined;
  if (own !== undefined) {
    noted.delete(scratch);
    notedOwners--;
  }
  if (late !== undefined) {
    noted.delete(task);
    notedOwners--;
  }
  const all = [...(own ?? []), ...(late ?? [])];
  if (all.length <= 1) return all[0];
  return new PluginValueError(`${all[0]!.message} (and ${all.length - 1} more)`);
}

/** {@link pluginValuesError} for a returned transition, else the first problem noted while the round ran. */
export function roundValuesError(
  transition: { type: unknown; info: unknown } | undefined,
  scratch: object,
  task: object,
): PlugbenchError | undefined {
  const own = transition !== undefined ? pluginValuesError(transition) : undefined;
  const misuse = takePluginMisuse(scratch, task);
  return own ?? misuse;
}
