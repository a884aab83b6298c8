/**
 * The HTML report's first screen: what the run was tested for (expectations, contract checks, the golden
 * timeline), passed and failed, per task, failures first; each names the round it is decided at and moves the
 * cursor there. The harness writes the summary's data (`harness/src/report/summary.ts`); this draws it. Browser
 * code; the types and the ordering are in `@plugbench/sdk/timeline` (run-summary), which the harness reads too.
 *
 * @module
 */
import {
  orderedItems,
  roundText,
  runRoundOf,
  summaryCounts,
  type ReportSummary,
  type SummaryItem,
  type TimelineModel,
} from '@plugbench/sdk/timeline';
import { h } from './dom';

/** Draws the summary; a round's button calls `seek` with its call index. */
export function renderSummary(summary: ReportSummary, model: TimelineModel, seek: (call: number) => void): HTMLElement {
  const counts = summaryCounts(summary.items);
  const list = h('ul', { class: 'pbr-items' });
  for (const item of orderedItems(summary.items)) list.append(summaryRow(item, model, seek));
  return h(
    'section',
    { class: 'pbr-summary', attrs: { 'aria-label': 'Summary', 'data-passed': String(summary.passed) } },
    h(
      'h1',
      { class: 'pbr-title' },
      h('span', { class: 'pbr-verdict', text: summary.passed ? 'passed' : 'failed' }),
      ` ${summary.fixture}: ${counts.text}`,
    ),
    list,
  );
}

function summaryRow(item: SummaryItem, model: TimelineModel, seek: (call: number) => void): HTMLElement {
  const rec = model.calls[item.call];
  const round = rec
    ? h('button', {
        class: 'pbr-round',
        text: roundText(rec, runRoundOf(model.calls, item.call), runRoundOf(model.calls, model.callCount - 1)),
        title: 'Move the cursor to this round',
        attrs: { type: 'button', 'data-call': String(item.call) },
      })
    : undefined;
  round?.addEventListener('click', () => seek(item.call));
  return h(
    'li',
    { class: 'pbr-item', attrs: { 'data-passed': String(item.passed) } },
    h('span', { class: 'pbr-mark', text: item.passed ? 'passed' : 'failed' }),
    h('span', { class: 'pbr-label', text: `${item.group} · ${item.kind} ${item.label}` }),
    round,
    item.message ? h('span', { class: 'pbr-message', text: item.message.split('\n')[0]!, title: item.message }) : null,
  );
}

/** The summary's CSS: VS Code theme variables, which the report defines. */
export const REPORT_SUMMARY_CSS = `
#app.pbr-layout { display: flex; flex-direction: column; }
#app.pbr-layout > .pbr-view { flex: 1; min-height: 0; }
.pbr-summary { flex: none; max-height: 34vh; overflow: auto; padding: 6px 12px; border-bottom: 1px solid var(--vscode-panel-border);
  font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); }
.pbr-title { margin: 0 0 4px; font-size: 1.1em; }
.pbr-summary[data-passed='false'] .pbr-verdict, .pbr-item[data-passed='false'] .pbr-mark { color: var(--vscode-errorForeground); }
.pbr-verdict, .pbr-mark { font-weight: 600; }
.pbr-items { margin: 0; padding: 0; list-style: none; }
.pbr-item { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; padding: 1px 0; }
.pbr-mark { min-width: 4em; }
.pbr-message { color: var(--vscode-descriptionForeground); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 60em; }
.pbr-round { font: inherit; color: var(--vscode-textLink-foreground, var(--vscode-foreground)); background: none; border: none; padding: 0; cursor: pointer; text-decoration: underline; }
.pbr-round:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
`;
