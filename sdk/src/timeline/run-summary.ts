/**
 * A run's summary: its expectations, contract checks and golden timeline, passed and failed, each at the round it
 * was decided in, and the order people read them in (failures first). The harness writes it into the HTML report and
 * the view draws it, so it lives beside the timeline they share. No DOM, no Node.
 *
 * @module
 */
import { countOf } from './words';

/** What a summary item is. */
export const SummaryKind = { expectation: 'expectation', check: 'check', golden: 'golden' } as const;
/** What a summary item is. */
export type SummaryKind = (typeof SummaryKind)[keyof typeof SummaryKind];

/** One expectation, contract check or golden timeline of the run. */
export interface SummaryItem {
  /** The task it is about, or `run` for the run's own expectations, checks and golden timeline. */
  group: string;
  kind: SummaryKind;
  label: string;
  passed: boolean;
  /** Why it failed. */
  message?: string;
  /** The round (index in the run's calls) it is decided at; -1 when none. */
  call: number;
}

/** The report's summary: the fixture and its items. */
export interface ReportSummary {
  fixture: string;
  passed: boolean;
  items: SummaryItem[];
}

/** Items in the order the summary shows them: failures first, then by group as given, then as given. */
export function orderedItems(items: readonly SummaryItem[]): SummaryItem[] {
  const groups = [...new Set(items.map((i) => i.group))];
  return items
    .map((item, at) => ({ item, at }))
    .sort(
      (a, b) =>
        Number(a.item.passed) - Number(b.item.passed) ||
        groups.indexOf(a.item.group) - groups.indexOf(b.item.group) ||
        a.at - b.at,
    )
    .map((x) => x.item);
}

/** `2 failed, 9 passed` of expectations and checks. */
export function summaryCounts(items: readonly SummaryItem[]): { passed: number; failed: number; text: string } {
  const failed = items.filter((i) => !i.passed).length;
  const passed = items.length - failed;
  return {
    passed,
    failed,
    text: `${failed} failed, ${passed} passed (${countOf(items.length, 'expectation and check', 'expectations and checks')})`,
  };
}
