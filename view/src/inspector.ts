/**
 * The round inspector: everything recorded about the round at the cursor: the transition the plugin returned and,
 * apart from it, what the engine persisted and why (its decision), the error with its stack, the state before and
 * after as a diff, events, resource calls and the plugin's logs. Rebuilt at each cursor move; it shows one round, so
 * it stays a few dozen elements.
 *
 * @module
 */
import {
  CALL_NAMES,
  countOf,
  roundText,
  runRoundOf,
  type CallRecord,
  type TaskEvent,
  type TimelineModel,
} from '@plugbench/sdk/timeline';
import { clear, h } from './dom';
import { diffJson } from './diff';
import { SHORTCUTS } from './keyboard';
import { formatOffset } from './scale';

const DECISION_TEXT: Record<string, string> = {
  event: 'new phase or version: event sent, state persisted',
  dedup: 'phase and version unchanged: no event, state write dropped',
  'version-cap': 'phase version above the cap: turned into a permanent failure',
  'round-error': 'the round failed: nothing persisted, the round will be retried',
  'barrier-replay': 'barrier transition replayed from the cache; the plugin was not called',
  retry: 'retryable failure: event sent, a new attempt will start',
  'write-lost': 'an injected fault lost the persisted write',
};

/** The inspector panel. */
export class Inspector {
  readonly el: HTMLElement;

  constructor() {
    this.el = h('section', {
      class: 'pb-inspector',
      attrs: { 'aria-label': 'Round inspector', 'aria-live': 'polite', tabindex: '-1' },
    });
  }

  /** The heading shown now. */
  get title(): string {
    return this.el.querySelector('h2')?.textContent ?? '';
  }

  show(model: TimelineModel, cursor: number): void {
    clear(this.el);
    if (cursor < 0 || cursor >= model.callCount) return this.#showStart(model);
    const rec = model.calls[cursor]!;
    const t0 = model.calls[0]!.at;
    const lane = model.lanes[model.callLane[cursor]!]!;
    this.el.append(
      h('h2', { text: roundText(rec, runRoundOf(model.calls, cursor), runRoundOf(model.calls, model.callCount - 1)) }),
      h('div', {
        class: 'pb-sub',
        text: `${CALL_NAMES[rec.call]} · attempt ${rec.attempt}${lane.generatedName ? ` · ${rec.generatedName}` : ''} · +${formatOffset(rec.at - t0)} virtual · ${wall(rec.wallMs)} wall`,
      }),
    );

    const kv = h('dl', { class: 'pb-kv' });
    const row = (k: string, ...v: (Node | string)[]) => kv.append(h('dt', { text: k }), h('dd', {}, ...v));
    const t = rec.transition;
    row(
      'returned',
      ...(t
        ? [phase(t.phase), ` v${t.version} · ${t.type}`]
        : [
            h('span', {
              class: 'pb-dim',
              text: rec.call === 'handle' ? 'no transition' : `${CALL_NAMES[rec.call]} returns none`,
            }),
          ]),
    );
    const p = rec.pluginPhase;
    const differs = t !== undefined && (t.phase !== p.phase || t.version !== p.version);
    row(
      'persisted',
      phase(p.phase),
      ` v${p.version}`,
      ...(differs
        ? [
            h('span', {
              class: 'pb-dim',
              text: ` (not what was returned${rec.decision ? `: ${rec.decision.code}` : ''})`,
            }),
          ]
        : []),
    );
    row(
      'node phase',
      rec.nodePhase.before === rec.nodePhase.after
        ? rec.nodePhase.after
        : `${rec.nodePhase.before} → ${rec.nodePhase.after}`,
    );
    if (rec.decision)
      row(
        'decision',
        h('span', { class: 'pb-badge', text: rec.decision.code, attrs: { 'data-code': rec.decision.code } }),
        ' ',
        rec.decision.message || DECISION_TEXT[rec.decision.code] || '',
      );
    if (rec.skipped) row('skipped', rec.skipped);
    if (rec.failedAttempts > 0) row('round errors', `${rec.failedAttempts} so far`);
    if (rec.faults?.length) row('faults', rec.faults.join(', '));
    this.el.append(kv);

    if (t) {
      this.#section('Returned transition');
      const tk = h('dl', { class: 'pb-kv' });
      const trow = (k: string, ...v: (Node | string)[]) => tk.append(h('dt', { text: k }), h('dd', {}, ...v));
      trow('returned', h('code', { class: 'pb-code', text: t.text }));
      trow('type', t.type);
      trow('reason', t.reason || h('span', { class: 'pb-dim', text: '(none)' }));
      if (t.err) trow('error', `${t.err.kind} ${t.err.code}: ${t.err.message}`);
      if (t.info?.logs?.length)
        trow('task logs', t.info.logs.map((l) => `${l.name ?? ''} ${l.uri ?? ''}`.trim()).join(', '));
      this.el.append(tk);
    }

    if (rec.error) {
      this.#section('Error');
      const box = h(
        'div',
        { class: 'pb-error-box', attrs: { role: 'alert' } },
        h('div', {
          class: 'pb-msg',
          text: `${rec.error.source}: ${rec.error.message}${rec.error.code ? ` (${rec.error.code})` : ''}`,
        }),
      );
      if (rec.error.stack) box.append(h('pre', { text: rec.error.stack }));
      this.el.append(box);
    }

    if (rec.state) this.#showState(rec);

    this.#section(`Events (${rec.events.length})`);
    if (rec.events.length === 0)
      this.el.append(
        h('div', {
          class: 'pb-none',
          text: rec.decision?.code === 'dedup' ? 'none: phase and version unchanged' : 'none',
        }),
      );
    else this.el.append(events(rec.events, t0));
    if (rec.droppedEvents?.length) {
      this.#section(`Dropped events (${rec.droppedEvents.length})`);
      this.el.append(events(rec.droppedEvents, t0));
    }

    this.#section(`Resource calls (${rec.resources.length})`);
    if (rec.resources.length === 0) this.el.append(h('div', { class: 'pb-none', text: 'none' }));
    else {
      const ul = h('ul', { class: 'pb-items' });
      for (const r of rec.resources) {
        const li = h(
          'li',
          {},
          h('b', { text: r.op }),
          ` ${r.namespace} / `,
          h('code', { class: 'pb-code', text: r.token }),
        );
        if (r.status)
          li.append(' → ', h('span', { class: r.status === 'ResourceGranted' ? '' : 'pb-log-warn', text: r.status }));
        if (r.poolAfter)
          li.append(h('span', { class: 'pb-dim', text: ` (${r.poolAfter.used}/${r.poolAfter.quota} in use after)` }));
        if (r.error) li.append(h('div', { class: 'pb-log-error', text: `error: ${r.error.message}` }));
        ul.append(li);
      }
      this.el.append(ul);
    }

    this.#section(`Plugin logs (${rec.logs.length})`);
    if (rec.logs.length === 0) this.el.append(h('div', { class: 'pb-none', text: 'none' }));
    else {
      const ul = h('ul', { class: 'pb-items' });
      for (const l of rec.logs.slice(0, 500))
        ul.append(
          h('li', { class: `pb-log-${l.level}` }, h('span', { class: 'pb-level', text: l.level }), ' ', l.message),
        );
      if (rec.logs.length > 500) ul.append(h('li', { class: 'pb-none', text: `... ${rec.logs.length - 500} more` }));
      this.el.append(ul);
    }

    const raw = h(
      'details',
      {},
      h('summary', { text: 'Raw record' }),
      h('pre', { text: JSON.stringify(rec, null, 2) }),
    );
    this.el.append(h('h3', { text: 'Record' }), raw);
  }

  #showState(rec: CallRecord): void {
    const st = rec.state!;
    this.#section('State');
    const kv = h('dl', { class: 'pb-kv' });
    kv.append(
      h('dt', { text: 'version' }),
      h('dd', {
        text:
          st.before.version === st.after.version ? `${st.after.version}` : `${st.before.version} → ${st.after.version}`,
      }),
      h('dt', { text: 'written' }),
      h('dd', { text: st.write ? (st.write.op === 'put' ? `put (codec v${st.write.version})` : 'reset') : 'no' }),
      h('dt', { text: 'persisted' }),
      h('dd', { text: st.persisted ? 'yes' : st.write ? 'no: the write was dropped' : 'no' }),
    );
    this.el.append(kv);
    const lines = diffJson(st.before.value, st.after.value);
    const changed = lines.some((l) => l.op !== ' ');
    const pre = h('pre', {
      class: 'pb-diff',
      attrs: { 'aria-label': changed ? 'State before and after, as a diff' : 'State (unchanged)' },
    });
    for (const l of lines)
      pre.append(
        h('span', { class: l.op === '+' ? 'pb-add' : l.op === '-' ? 'pb-del' : '', text: `${l.op} ${l.text}` }),
      );
    this.el.append(h('div', { class: 'pb-sub', text: changed ? 'before → after' : 'unchanged' }), pre);
    if (st.write && st.write.op === 'put' && !st.persisted) {
      this.el.append(
        h(
          'details',
          {},
          h('summary', { text: 'The dropped write' }),
          h('pre', { text: JSON.stringify(st.write.value, null, 2) ?? '' }),
        ),
      );
    }
  }

  #showStart(model: TimelineModel): void {
    this.el.append(h('h2', { text: 'Before the first round' }));
    const step = SHORTCUTS.find((k) => k.action === 'step')?.label ?? '→';
    this.el.append(
      h('div', {
        class: 'pb-sub',
        text: `${model.callCount === 0 ? 'No round recorded yet.' : `${countOf(runRoundOf(model.calls, model.callCount - 1), 'run round')} recorded.`} Press Step (${step}) for the next round; press ? for the keys.`,
      }),
    );
    const run = model.run;
    if (run) {
      this.#section('Run');
      const kv = h('dl', { class: 'pb-kv' });
      const row = (k: string, v: string) => kv.append(h('dt', { text: k }), h('dd', { text: v }));
      row('seed', String(run.seed));
      row('plugins', run.plugins.map((p) => `${p.id} (${p.taskTypes.join(', ')})`).join('; '));
      row('resync period', `${run.config.resyncPeriodMs} ms`);
      row('resource manager', run.config.resourceManager);
      row('barrier', run.config.barrier ? 'on' : 'off');
      this.el.append(kv);
    }
    const sum = model.summary();
    this.#section('Summary');
    const kv = h('dl', { class: 'pb-kv' });
    const row = (k: string, v: string) => kv.append(h('dt', { text: k }), h('dd', { text: v }));
    row('tasks', `${sum.tasks} (${sum.lanes} attempt lanes)`);
    row(
      'outcomes',
      Object.entries(sum.outcomes)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || '-',
    );
    row('events', String(sum.events));
    row('dedup rounds', String(sum.markers.dedup));
    row('round errors', String(sum.markers['round-error']));
    row('retries / aborts', `${sum.markers.retry} / ${sum.markers.abort}`);
    row('virtual time', formatOffset(sum.durationMs));
    if (sum.finishedReason) row('stopped', sum.finishedReason);
    if (sum.heldAtEnd.length)
      row(
        'held at the end',
        sum.heldAtEnd
          .map((x) => `${x.namespace}/${x.token}`)
          .slice(0, 10)
          .join(', '),
      );
    this.el.append(kv);
  }

  #section(title: string): void {
    this.el.append(h('h3', { text: title }));
  }
}

function phase(name: string): HTMLElement {
  const sw = h('span', { class: 'pb-swatch', attrs: { 'data-phase': name } });
  return h('span', { class: 'pb-phase' }, sw, name);
}

function events(list: readonly TaskEvent[], t0: number): HTMLElement {
  const ul = h('ul', { class: 'pb-items' });
  for (const e of list) {
    const li = h(
      'li',
      {},
      h('b', { text: e.phase }),
      ` v${e.version}`,
      h('span', {
        class: 'pb-dim',
        text: ` · ${e.source}${e.pluginPhase ? ` · plugin ${e.pluginPhase}` : ''} · +${formatOffset(e.occurredAt - t0)}`,
      }),
    );
    if (e.reason) li.append(h('div', { text: e.reason }));
    if (e.err) li.append(h('div', { class: 'pb-log-error', text: `${e.err.kind} ${e.err.code}: ${e.err.message}` }));
    if (e.resourcePoolInfo?.length)
      li.append(
        h('div', {
          class: 'pb-dim',
          text: `tokens: ${e.resourcePoolInfo.map((r) => `${r.namespace}/${r.allocationToken}`).join(', ')}`,
        }),
      );
    ul.append(li);
  }
  return ul;
}

/** Wall time of a call, to a precision that means something. */
function wall(ms: number): string {
  return ms < 1 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
