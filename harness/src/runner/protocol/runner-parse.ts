/**
 * Checking what the runner sends: a message against {@link RunnerMessageSchema}, a result against the schema of
 * the request it answers. Apart from the schemas so that the types (runner-messages.ts, inferred from the schemas)
 * and the schemas each point one way.
 *
 * @module
 */
import * as z from 'zod';
import { TimelineRecordSchema, type TimelineRecord } from '@plugbench/sdk/timeline';
import { StoreDeltaError, type StoreReplica, type StoreRows } from '@plugbench/sdk/runner';
import { RecordsMessageSchema, ResultSchemas, RunnerMessageSchema } from './runner-schema';
import type { HostRequestType, RecordBatch, RunnerMessage } from './runner-messages';
import { RecordBatchError, type RecordDecoder } from './record-wire';
import { ASK_ZOD, quickParse } from './schema-check';

/** The schema of a successful answer to each request type ({@link ResultSchemas}). */
export function resultSchemaFor(type: HostRequestType): z.ZodType {
  return ResultSchemas[type];
}

/** How many problems of one message are described: a batch of records can have thousands, all alike. */
const SHOWN_ISSUES = 5;

/**
 * Parses a runner message; `error` says what was wrong, with paths (the first few problems, and how many more). A
 * batch of records (a long run sends hundreds of kilobytes of them) is first parsed by {@link quickParse}; zod parses
 * what it cannot answer, and its answer and messages are the only ones the caller sees.
 */
export function parseRunnerMessage(raw: unknown): { ok: true; message: RunnerMessage } | { ok: false; error: string } {
  if ((raw as { type?: unknown } | null)?.type === 'records') {
    const quick = quickParse(RecordsMessageSchema)(raw);
    if (quick !== ASK_ZOD) return { ok: true, message: quick as RunnerMessage };
  }
  const r = RunnerMessageSchema.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describeIssues(r.error) };
}

/** `z.prettifyError` of the first {@link SHOWN_ISSUES} problems. */
function describeIssues(error: z.ZodError): string {
  const more = error.issues.length - SHOWN_ISSUES;
  if (more <= 0) return z.prettifyError(error);
  return `${z.prettifyError(new z.ZodError(error.issues.slice(0, SHOWN_ISSUES)))}\n... and ${more} more`;
}

/** The records of a batch as the host checks them: under `records`, so that a problem's path names its record. */
const BatchRecordsSchema = z.object({ records: z.array(TimelineRecordSchema) });

/**
 * Decodes a batch of records ({@link RecordDecoder}), with the rows of the runner's record store beside it made into
 * records by `replica` (in their order among the others), and checks every record against the timeline schema. Each
 * record is first parsed by {@link quickParse}; when one asks zod, zod parses the whole batch, and its records
 * (or its problems, as {@link parseRunnerMessage} describes them) are the answer, exactly as they were when zod parsed
 * every record.
 */
export function readRecordBatch(
  decoder: RecordDecoder,
  batch: RecordBatch,
  store?: { replica: StoreReplica; rows: StoreRows },
): { ok: true; records: TimelineRecord[] } | { ok: false; error: string } {
  let records: unknown[];
  try {
    records = decoder.decode(batch);
    if (store !== undefined) records = store.replica.apply(store.rows, records);
  } catch (e) {
    // A batch nested too deep for the stack is as malformed as one with an index out of range.
    if (e instanceof RecordBatchError || e instanceof RangeError) return { ok: false, error: e.message };
    if (e instanceof StoreDeltaError) return { ok: false, error: `store rows: ${e.message}` };
    throw e;
  }
  const parse = quickParse(TimelineRecordSchema);
  const parsed = records.map((r) => parse(r));
  if (!parsed.includes(ASK_ZOD)) return { ok: true, records: parsed as TimelineRecord[] };
  const r = BatchRecordsSchema.safeParse({ records });
  return r.success ? { ok: true, records: r.data.records } : { ok: false, error: describeIssues(r.error) };
}
