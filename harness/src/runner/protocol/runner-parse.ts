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

/** How many problems of one message are described: a batch of records can have thousands, all alike. */
const SHOWN_ISSUES = 5;

/** Parses a runner message; `error` says what was wrong, with paths (the first few problems, and how many more). */
export function parseRunnerMessage(raw: unknown): { ok: true; message: RunnerMessage } | { ok: false; error: string } {
  const r = RunnerMessageSchema.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describeIssues(r.error) };
}

/** `z.prettifyError` of the first {@link SHOWN_ISSUES} problems. */
function describeIssues(error: z.ZodError): string {
  const more = error.issues.length - SHOWN_ISSUES;
  if (more <= 0) return z.prettifyError(error);
  return `${z.prettifyError(new z.ZodError(error.issues.slice(0, SHOWN_ISSUES)))}\n... and ${more} more`;
}
