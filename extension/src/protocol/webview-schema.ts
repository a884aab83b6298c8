/**
 * zod schemas of what the webview sends. The webview shows workspace data (plugin logs, state values) and is not
 * trusted to send well-formed messages: everything is validated before the host acts on it.
 *
 * @module
 */
import { z } from 'zod';
import { PhaseNameSchema } from '@plugbench/sdk/timeline';
import type { WebviewToHost } from './webview-messages';

const BreakpointSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('phase'), phase: PhaseNameSchema }),
  z.strictObject({ kind: z.literal('task'), task: z.string().max(1000) }),
]);

const IntentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('step') }),
  z.strictObject({ type: z.literal('stepBack') }),
  z.strictObject({ type: z.literal('reset') }),
  z.strictObject({ type: z.literal('runToEnd'), breakpoints: z.array(BreakpointSchema).max(1000) }),
  z.strictObject({ type: z.literal('runToNext'), stop: z.enum(['event', 'phase-change']) }),
  z.strictObject({ type: z.literal('seek'), call: z.number().int().min(-1) }),
  z.strictObject({ type: z.literal('toggleBreakpoint'), breakpoint: BreakpointSchema }),
]);

const UiStateSchema = z
  .object({
    cursor: z.number().int().min(-1),
    axis: z.enum(['rounds', 'time']),
    breakpoints: z.array(BreakpointSchema).max(1000),
    window: z.tuple([z.number(), z.number()]).nullable(),
    scrollTop: z.number(),
  })
  .partial();

/** What a panel saved with `setState` (it comes back through the serializer, and with `ready`). */
export const PanelStateSchema = z.object({
  fixture: z.string().min(1),
  task: z.string().optional(),
  rounds: z.number().int().nonnegative(),
  ui: UiStateSchema.optional(),
});

/** Every message the webview may send the host; anything else is refused. */
export const WebviewToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), state: PanelStateSchema.optional() }),
  z.strictObject({ type: z.literal('intent'), intent: IntentSchema }),
  z.strictObject({ type: z.literal('breakpoints'), breakpoints: z.array(BreakpointSchema).max(1000) }),
  z.strictObject({ type: z.literal('command'), command: z.enum(['stop', 'rerun', 'openFixture', 'showLog']) }),
  z.strictObject({ type: z.literal('error'), message: z.string().max(20000), stack: z.string().max(50000).optional() }),
]);

/** Parses a message from the webview; `error` says what was wrong. */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewToHost } | { ok: false; error: string } {
  const r = WebviewToHostSchema.safeParse(raw);
  return r.success ? { ok: true, message: r.data as WebviewToHost } : { ok: false, error: z.prettifyError(r.error) };
}

/** Parses the state the serializer hands back; `undefined` when it is not ours or not valid. */
export function parsePanelState(raw: unknown): z.infer<typeof PanelStateSchema> | undefined {
  const r = PanelStateSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}
