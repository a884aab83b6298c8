/**
 * A testbed task: the executor's `TaskSpec` with everything but the type defaulted, the template built from a type,
 * a `custom` and an interface by simple type names, and inputs from plain values.
 *
 * @module
 */
import {
  InvalidArgumentError,
  LiteralMapSchema,
  TaskTemplateSchema,
  create,
  fromJson,
  isMessage,
  jsonPath,
  type JsonObject,
  type JsonValue,
  type LiteralMap,
  type TaskSpec,
  type TaskTemplate,
} from '@plugbench/sdk';
import { findIdlProblems } from './fixture/idl';

/** IDL simple type names, for {@link TestbedTaskSpec.interface}. */
export type SimpleTypeName =
  'NONE' | 'INTEGER' | 'FLOAT' | 'STRING' | 'BOOLEAN' | 'DATETIME' | 'DURATION' | 'BINARY' | 'ERROR' | 'STRUCT';

/**
 * A task to start on a testbed: the executor's {@link TaskSpec}, with the template and inputs built from whatever is
 * given and the start time relative to the testbed's; everything but the type has a default.
 */
export interface TestbedTaskSpec extends Omit<TaskSpec, 'template' | 'taskType' | 'inputs' | 'startAtMs'> {
  /** The task type; sets the template's type when the template has none, and selects the plugin. */
  type?: string;
  /** The template: an IDL message, or its JSON form. @default `{type}` */
  template?: TaskTemplate | JsonObject;
  /** The template's `custom` (the plugin's configuration). */
  custom?: JsonObject;
  /** The template's interface, by simple type names: `{inputs: {x: 'INTEGER'}, outputs: {o: 'INTEGER'}}`. */
  interface?: { inputs?: Record<string, SimpleTypeName>; outputs?: Record<string, SimpleTypeName> };
  /** The inputs: a literal map, its JSON form, or plain values (see {@link literals}). */
  inputs?: LiteralMap | JsonObject;
  /** Virtual ms after the testbed's start at which the task starts. @default now */
  startAtMs?: number;
  /** Aborts the task from outside at this round of its own (instead of calling Handle). */
  abortAt?: { round: number; reason?: string };
}

function literalJson(v: unknown, where: string): JsonValue {
  if (typeof v === 'string') return { scalar: { primitive: { stringValue: v } } };
  if (typeof v === 'boolean') return { scalar: { primitive: { boolean: v } } };
  if (typeof v === 'bigint') return { scalar: { primitive: { integer: v.toString() } } };
  if (typeof v === 'number')
    return Number.isInteger(v)
      ? { scalar: { primitive: { integer: String(v) } } }
      : { scalar: { primitive: { floatValue: v } } };
  if (Array.isArray(v))
    return { collection: { literals: v.map((x, i) => literalJson(x, `${where}[${i}]`)) as JsonValue[] } };
  throw new InvalidArgumentError(
    `literals: ${where} is ${v === null ? 'null' : typeof v}; give a string, number, bigint, boolean or an array of them (or write the literal's IDL JSON)`,
  );
}

/**
 * A literal map from plain values: strings, numbers (integers become `integer`, others `float`), bigints, booleans,
 * and arrays of them (collections). `literals({n: 3, name: 'x'})`.
 */
export function literals(values: Record<string, unknown>): LiteralMap {
  const json: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(values)) json[k] = literalJson(v, k);
  return fromJson(LiteralMapSchema, { literals: json });
}

function decodeJson<T>(schema: typeof TaskTemplateSchema | typeof LiteralMapSchema, json: unknown, what: string): T {
  try {
    return fromJson(schema, json as JsonValue) as T;
  } catch (e) {
    const problems = findIdlProblems(schema, json);
    const text =
      problems.length > 0 ? problems.map((p) => `${jsonPath(p.path)}: ${p.message}`).join('; ') : (e as Error).message;
    throw new InvalidArgumentError(`${what} is not valid Flyte IDL JSON: ${text}`);
  }
}

function isLiteralJson(x: JsonObject): boolean {
  return Object.keys(x).length === 1 && 'literals' in x;
}

/** The template of a testbed task. */
export function buildTemplate(spec: TestbedTaskSpec): TaskTemplate {
  let template: TaskTemplate;
  if (spec.template === undefined) template = create(TaskTemplateSchema, {});
  else if (isMessage(spec.template, TaskTemplateSchema)) template = spec.template;
  else template = decodeJson<TaskTemplate>(TaskTemplateSchema, spec.template, 'template');
  if (spec.type !== undefined && template.type === '') template.type = spec.type;
  if (spec.custom !== undefined) template.custom = spec.custom;
  if (spec.interface !== undefined) {
    const vars = (m: Record<string, SimpleTypeName> | undefined) => ({
      variables: Object.fromEntries(Object.entries(m ?? {}).map(([k, t]) => [k, { type: { simple: t } }])),
    });
    const iface = decodeJson<TaskTemplate>(
      TaskTemplateSchema,
      { interface: { inputs: vars(spec.interface.inputs), outputs: vars(spec.interface.outputs) } },
      'interface',
    );
    template.interface = iface.interface;
  }
  if (template.type === '' && spec.type === undefined)
    throw new InvalidArgumentError('testbed.task: give a type (or a template with a type)');
  return template;
}

function buildInputs(inputs: TestbedTaskSpec['inputs']): LiteralMap | undefined {
  if (inputs === undefined) return undefined;
  if (isMessage(inputs, LiteralMapSchema)) return inputs;
  return isLiteralJson(inputs as JsonObject)
    ? decodeJson<LiteralMap>(LiteralMapSchema, inputs, 'inputs')
    : literals(inputs as Record<string, unknown>);
}

/** The executor's task spec of a testbed task: what it shares with {@link TaskSpec} passes as it is. */
export function taskSpecOf(spec: TestbedTaskSpec, testbedStartMs: number): TaskSpec {
  const {
    type,
    template: _template,
    custom: _custom,
    interface: _interface,
    inputs,
    startAtMs,
    abortAt: _abortAt,
    ...shared
  } = spec;
  const template = buildTemplate(spec);
  const literalMap = buildInputs(inputs);
  return {
    ...shared,
    template,
    ...(type !== undefined ? { taskType: type } : {}),
    ...(literalMap !== undefined ? { inputs: literalMap } : {}),
    ...(startAtMs !== undefined ? { startAtMs: testbedStartMs + startAtMs } : {}),
  };
}
