/**
 * Checking what the webviews send (and the state the serializer hands back) against their schemas. Apart from the
 * schemas so that the types (webview-messages.ts, inferred from the schemas) and the schemas each point one way.
 *
 * @module
 */
import * as z from 'zod';
import { CompareToHostSchema, PanelStateSchema, WebviewToHostSchema } from './webview-schema';
import type { CompareToHost, PanelState, WebviewToHost } from './webview-messages';

/** A message checked against its schema: the message, or what was wrong with it. */
export type Parsed<M> = { ok: true; message: M } | { ok: false; error: string };

function parseWith<M>(schema: z.ZodType<M>, raw: unknown): Parsed<M> {
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

/** Parses a message from the timeline webview; `error` says what was wrong. */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewToHost> {
  return parseWith(WebviewToHostSchema, raw);
}

/** Parses a message from the comparison webview; `error` says what was wrong. */
export function parseCompareMessage(raw: unknown): Parsed<CompareToHost> {
  return parseWith(CompareToHostSchema, raw);
}

/** Parses the state the serializer hands back; `undefined` when it is not ours or not valid. */
export function parsePanelState(raw: unknown): PanelState | undefined {
  const r = PanelStateSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}
