/**
 * The decisions whose message the store keeps as a form (built when read), by number: how a form travels to a copy of
 * the store (`delta-writer.ts`, `delta-reader.ts`). A form not listed here is not sent as a form: its records travel
 * whole.
 *
 * @module
 */
import { EVENT_SENT, dedupForm } from '../handle-record';
import type { DecisionForm } from './pending';

let forms: readonly DecisionForm[] | undefined;

/** Every form a kept record's decision may be, in a fixed order (made when first asked: modules import in a cycle). */
export function decisionForms(): readonly DecisionForm[] {
  return (forms ??= [
    EVENT_SENT,
    dedupForm(false, false),
    dedupForm(false, true),
    dedupForm(true, false),
    dedupForm(true, true),
  ]);
}
