/**
 * zod schemas of what the runner process sends: the host trusts nothing that comes from the process that runs
 * workspace code. A message that does not parse is logged and dropped (and fails the pending request), never acted
 * on.
 *
 * @module
 */
import { z } from 'zod';
import { PhaseNameSchema, TimelineRecordSchema } from '@plugbench/sdk/timeline';
import type { RunnerMessage } from './child-messages';

const BreakpointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phase'), phase: PhaseNameSchema }),
  z.object({ kind: z.literal('task'), task: z.string() }),
]);

const FixtureProblemSchema = z.object({
  file: z.string(),
  path: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  endLine: z.number().int().nonnegative().optional(),
  endColumn: z.number().int().nonnegative().optional(),
  message: z.string(),
});

const RunnerErrorSchema = z.object({
  kind: z.enum(['fixture', 'plugin-load', 'plugin', 'internal', 'protocol']),
  message: z.string(),
  stack: z.string().optional(),
  problems: z.array(FixtureProblemSchema).optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

const OpenResultSchema = z.object({
  name: z.string().optional(),
  tasks: z.array(z.object({ id: z.string(), taskType: z.string(), pluginId: z.string() })),
  plugin: z.string().optional(),
  rounds: z.number().int().nonnegative(),
  finished: z.boolean(),
  roundTimeoutMs: z.number().positive(),
});

const AdvanceResultSchema = z.object({
  ran: z.number().int().nonnegative(),
  rounds: z.number().int().nonnegative(),
  reason: z.enum(['step', 'terminal', 'idle', 'breakpoint', 'event', 'phase-change', 'round-cap']),
  finished: z.boolean(),
  breakpoint: BreakpointSchema.optional(),
});

const ExpectationResultSchema = z.object({
  id: z.string(),
  label: z.string(),
  passed: z.boolean(),
  message: z.string().optional(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
  location: z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }).optional(),
});

const TestResultSchema = z.object({
  fixture: z.string(),
  passed: z.boolean(),
  expectedFailure: z.boolean().optional(),
  tasks: z.array(
    z.object({
      task: z.string(),
      passed: z.boolean(),
      expectations: z.array(ExpectationResultSchema),
      phase: z.string().optional(),
      rounds: z.number().int().optional(),
    }),
  ),
  checks: z.array(ExpectationResultSchema),
  durationMs: z.number().nonnegative(),
  timelineText: z.string().optional(),
});

/** Every message of the runner. `result` values are checked against the request they answer, see {@link resultSchemaFor}. */
export const RunnerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int(), pid: z.number().int(), node: z.string() }),
  z.object({ type: z.literal('records'), records: z.array(TimelineRecordSchema) }),
  z.object({ type: z.literal('progress'), rounds: z.number().int().nonnegative() }),
  z.object({ type: z.literal('log'), level: z.enum(['trace', 'debug', 'info', 'warn', 'error']), message: z.string() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    ok: z.boolean(),
    value: z.unknown().optional(),
    error: RunnerErrorSchema.optional(),
  }).refine((m) => (m.ok ? m.error === undefined : m.error !== undefined), { message: 'a failed result carries `error`, a successful one does not' }),
]);

/** The schema of a successful answer to each request type. */
export function resultSchemaFor(type: 'open' | 'step' | 'run' | 'test' | 'close'): z.ZodType {
  switch (type) {
    case 'open':
      return OpenResultSchema;
    case 'step':
    case 'run':
      return AdvanceResultSchema;
    case 'test':
      return TestResultSchema;
    case 'close':
      return z.null();
  }
}

/** Parses a runner message; `error` says what was wrong, with paths. */
export function parseRunnerMessage(raw: unknown): { ok: true; message: RunnerMessage } | { ok: false; error: string } {
  const r = RunnerMessageSchema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data as RunnerMessage };
  return { ok: false, error: z.prettifyError(r.error) };
}
