/**
 * Where running forward through a timeline stops: a call that enters a plugin phase, or a call of a task. The
 * timeline view, the extension's stepping session and its runner process share this one schema.
 *
 * @module
 */
import * as z from 'zod';
import type { StopCondition } from './model-types';
import { PhaseNameSchema } from './schema';
import type { PhaseName } from './types';

/**
 * A breakpoint. Strict, with a bounded task id: breakpoints come from a webview, which is not trusted to send
 * well-formed values.
 */
export const BreakpointSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('phase'), phase: PhaseNameSchema }),
  z.strictObject({ kind: z.literal('task'), task: z.string().max(1000) }),
]);

/** Where running forward stops: `{ kind: 'phase', phase: 'Success' }` or `{ kind: 'task', task: 'a' }`. */
export type Breakpoint = z.infer<typeof BreakpointSchema>;

/** Where running forward through recorded calls stops: a call in a phase or of a task with a breakpoint. */
export function breakpointStop(breakpoints: readonly Breakpoint[]): StopCondition {
  return {
    phases: breakpoints.flatMap((b) => (b.kind === 'phase' ? [b.phase] : [])),
    tasks: breakpoints.flatMap((b) => (b.kind === 'task' ? [b.task] : [])),
  };
}

/** The breakpoint `call` stopped at: its task's, else its phase's. */
export function breakpointHit(
  breakpoints: readonly Breakpoint[],
  call: { task: string; pluginPhase: { phase: PhaseName } },
): Breakpoint | undefined {
  return (
    breakpoints.find((b) => b.kind === 'task' && b.task === call.task) ??
    breakpoints.find((b) => b.kind === 'phase' && b.phase === call.pluginPhase.phase)
  );
}
