/**
 * The rows of an executor's record store on their way to a copy of the store in another process (the runner's host):
 * what `delta-writer.ts` sends and `delta-reader.ts` reads. It is an encoding of the timeline's records, not a second
 * schema of them: the copy makes each record with the store's own read code, and the host checks every record it
 * makes against the timeline schema as before.
 *
 * A delta holds the records kept since the last one, in order: some as plain records (sent beside it, in the
 * runner's record encoding), the Handle records kept in columns as rows (their numbers as packed columns in base64,
 * what repeats from row to row as parts named once for the whole stream), and the state text appended since.
 *
 * @module
 */
import * as z from 'zod';
import { PhaseNameSchema } from '../../timeline/schema';
import { CHUNK_FLOATS, CHUNK_INTS } from './call-columns';

const index = z.number().int().nonnegative();
/** A plain JSON object (the part's own checks are the timeline schema's, on every record made from it). */
const object = z.record(z.string(), z.unknown());

/** A transition as the store keeps it (`templates.ts` `TransitionTemplate`). */
const TransitionTemplateSchema = z.object({
  type: z.enum(['Barrier', 'Ephemeral']),
  phase: PhaseNameSchema,
  version: z.number().int(),
  reason: z.string(),
  info: z.union([z.literal(0), z.literal(1), z.literal(2)]),
});

/**
 * A part that rows share, numbered in the order sent (from 0 for the stream): each is sent once, with the first delta
 * whose rows use it. Parts name earlier parts by number.
 */
export const StorePartSchema = z.discriminatedUnion('t', [
  /** Who a record is of (`resources.ts` `TaskRef`). */
  z.object({
    t: z.literal('ref'),
    task: z.string(),
    attempt: z.number(),
    generatedName: z.string(),
    token: z.string().optional(),
    tokenFQ: z.string().optional(),
  }),
  /**
   * What repeats from record to record (`call-columns.ts` `CallShape`). `roundPool` and `droppedRoundPool`: the events
   * whose pool info is the round's (made from its resource calls when read).
   */
  z.object({
    t: z.literal('shape'),
    nodePhase: object,
    phase: PhaseNameSchema,
    events: z.array(object),
    roundPool: z.array(index),
    logs: z.array(z.unknown()),
    transition: TransitionTemplateSchema.optional(),
    droppedEvents: z.array(object).optional(),
    droppedRoundPool: z.array(index).optional(),
    error: z.unknown().optional(),
    metrics: z.unknown().optional(),
    faults: z.unknown().optional(),
    lint: z.unknown().optional(),
    replay: z.unknown().optional(),
  }),
  /** Resource calls; `holes`: without their token, which is the record's (`resources.ts` `TokenHoles`). */
  z.object({ t: z.literal('resources'), calls: z.array(object), holes: z.boolean() }),
  /**
   * A record's reference, shape and resource calls (parts by number), and its decision's message: the text, or a form
   * of `decision-forms.ts` by number.
   */
  z.object({
    t: z.literal('kind'),
    ref: index,
    shape: index,
    resources: index,
    message: z.string().optional(),
    form: index.optional(),
  }),
  /** A state change kept whole. */
  z.object({ t: z.literal('state'), state: object }),
  /** A state snapshot without bytes (no state yet), the `before` of a state change kept as text. */
  z.object({ t: z.literal('before'), before: object }),
]);

/** The store's rows since the last delta, and what they need. */
export const StoreRowsSchema = z.object({
  /**
   * The order of the delta's records: counts of plain records and of rows, in turn, starting with plain records
   * (`[2, 100, 1]`: two plain records, then 100 rows, then one plain record).
   */
  order: z.array(index),
  /** Parts named from here on, numbered after those named before. */
  parts: z.array(StorePartSchema),
  /** The state text appended since the last delta: each piece but the last completes a block (`state-text.ts`). */
  text: z.array(z.string()),
  /** How many rows. */
  count: index,
  /**
   * The rows' number columns, in this order: 4 of 64-bit floats (at, wallMs, eventAt, transitionAt), then 15 of
   * unsigned 32-bit integers (seq, round, failedAttempts, version, afterVersion, afterBlock, afterOffset, afterLength,
   * beforeVersion, beforeBlock, beforeOffset, beforeLength, kind: a part's number, state: 0 none, 1 in the text, else a
   * state part's number + 2, and the decision's code, 0 none). Each travels in the form `forms` names
   * (`delta-columns.ts` `ColumnForm`), from its value in `bases`; `columns` holds their bytes, base64, one column after
   * the other, each starting at a multiple of its width.
   */
  forms: z.array(z.number().int()),
  bases: z.array(z.number()),
  columns: z.string(),
  /** Rows whose state's `before` has no bytes: (row, its `before` part's number). */
  befores: z.array(z.tuple([index, index])),
});

/** See {@link StoreRowsSchema}. */
export type StoreRows = z.infer<typeof StoreRowsSchema>;
/** See {@link StorePartSchema}. */
export type StorePart = z.infer<typeof StorePartSchema>;

/**
 * The float columns, then the integer columns, of a row (see {@link StoreRowsSchema} `columns`): a chunk's own, in its
 * order (`Chunk.floats`, `Chunk.ints`), then the integers of a row's kind and state.
 */
export const FLOAT_COLUMNS = CHUNK_FLOATS;
export const INT_COLUMNS = CHUNK_INTS + 2;
