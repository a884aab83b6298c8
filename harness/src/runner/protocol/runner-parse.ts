/**
 * Checking what the runner sends: a message against {@link RunnerMessageSchema}, a result against the schema of
 * the request it answers. Apart from the schemas so that the types (runner-messages.ts, inferred from the schemas)
 * and the schemas each point one way.
 *
 * @module
 */
import * as z from 'zod';
import { ResultSchemas, RunnerMessageSchema } from './runner-schema';
import type { HostRequestType, RunnerMessage } from './runner-messages';

/** The schema of a successful answer to each request type ({@link ResultSchemas}). */
export function resultSchemaFor(type: HostRequestType): z.ZodType {
  return ResultSchemas[type];
}

/** Parses a runner message; `error` says what was wrong, with paths. */
export function parseRunnerMessage(raw: unknown): { ok: true; message: RunnerMessage } | { ok: false; error: string } {
  const r = RunnerMessageSchema.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: z.prettifyError(r.error) };
}
