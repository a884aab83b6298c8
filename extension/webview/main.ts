/**
 * The timeline webview: mounts the shared timeline view (@plugbench/view, the same drawing code as the HTML
 * report) and connects it to the extension host. Intents that move through what is recorded stay here; the rest go
 * to the host, which owns the run. Browser code only: no zod, no node, no vscode.
 *
 * @module
 */
import { mountTimelineView, type TimelineViewApi } from '@plugbench/view';
import type { Breakpoint, TimelineIntent, TimelineUiState } from '@plugbench/view/types';
import type { HostToWebview, PanelState, PanelStatus, WebviewToHost } from '../src/protocol/webview-messages';
import { PANEL_CSS } from './panel-css';
import { connectToHost, onHostMessages } from './host-connection';

const host = connectToHost<WebviewToHost, PanelState>();
const { post, nonce, reportError } = host;

const saved = host.savedState() as PanelState | undefined;
let state: PanelState | undefined = saved && typeof saved.fixture === 'string' ? saved : undefined;
let view: TimelineViewApi | undefined;
/** What the view shows: another session, fixture or task gets a fresh view. */
let viewKey = '';
let lastBreakpoints = '[]';
/** Whether the host can run more rounds (a paused live run): forward controls stay usable at the last call. */
let live = false;

const style = document.createElement('style');
style.nonce = nonce;
style.textContent = PANEL_CSS;
document.head.append(style);

const root = document.getElementById('plugbench-root')!;
const header = document.createElement('div');
header.className = 'pbx-header';
const badge = document.createElement('span');
badge.className = 'pbx-badge';
const message = document.createElement('span');
message.className = 'pbx-message';
message.setAttribute('role', 'status');
const buttons = document.createElement('span');
buttons.className = 'pbx-buttons';
const button = (label: string, title: string, command: Extract<WebviewToHost, { type: 'command' }>['command']) => {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'pbx-button';
  b.textContent = label;
  b.title = title;
  b.dataset.command = command;
  b.addEventListener('click', () => post({ type: 'command', command }));
  buttons.append(b);
  return b;
};
const stopButton = button('Stop', 'Stop the run now (ends the plugin process); the recorded rounds stay', 'stop');
const againButton = button(
  'Run again from here',
  'A fresh runner replays the fixture up to the round the cursor is on, and drops the rounds recorded after it',
  'runAgainFromHere',
);
const rerunButton = button('Rerun', 'Run the fixture again from the start, with the plugin rebuilt', 'rerun');
const fileButton = button('Fixture', 'Open the fixture file', 'openFixture');
button('Log', 'Show the plugbench log', 'showLog');
header.append(badge, message, buttons);
const body = document.createElement('div');
body.className = 'pbx-body';
root.replaceChildren(header, body);

const PHASE_TEXT: Record<PanelStatus['phase'], string> = {
  starting: 'starting',
  paused: 'paused',
  running: 'running',
  finished: 'finished',
  stopped: 'stopped',
  error: 'error',
  restricted: 'restricted mode',
  static: 'recorded',
};

function showStatus(status: PanelStatus): void {
  // In a paused live run the host runs the next round: the view keeps its forward buttons enabled at the last call.
  live = status.phase === 'paused';
  view?.setLive(live);
  badge.textContent = PHASE_TEXT[status.phase];
  badge.dataset.phase = status.phase;
  message.textContent = status.message;
  message.title = status.message;
  // A paused run still has a runner waiting: Stop ends it, as it ends a running one.
  stopButton.disabled = !['running', 'starting', 'paused'].includes(status.phase);
  againButton.disabled = !['paused', 'finished', 'stopped', 'error'].includes(status.phase);
  // A recorded timeline has no run to stop or rerun, and its file is not a fixture.
  stopButton.hidden = rerunButton.hidden = againButton.hidden = status.phase === 'static';
  fileButton.textContent = status.phase === 'static' ? 'File' : 'Fixture';
  fileButton.title = status.phase === 'static' ? 'Open the timeline file' : 'Open the fixture file';
  document.body.dataset.phase = status.phase;
}

function persist(ui?: Partial<TimelineUiState>): void {
  if (!state) return;
  if (ui) state.ui = ui;
  host.keepState(state);
}

/** Intents the webview answers itself: they only move through what is shown, or change UI state. */
function onIntent(intent: TimelineIntent, v: TimelineViewApi): void {
  // A recorded timeline has no run behind it: the view moves through it by itself.
  const local = !state || document.body.dataset.phase === 'static';
  if (local || intent.type === 'seek' || intent.type === 'toggleBreakpoint') v.applyIntent(intent);
  if (!local) post({ type: 'intent', intent });
}

function onUiState(ui: TimelineUiState): void {
  persist(ui);
  const bps = JSON.stringify(ui.breakpoints);
  if (bps !== lastBreakpoints) {
    lastBreakpoints = bps;
    post({ type: 'breakpoints', breakpoints: ui.breakpoints as Breakpoint[] });
  }
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'load': {
      const previousUi = state && state.fixture === m.fixture ? state.ui : undefined;
      state = {
        fixture: m.fixture,
        ...(m.task !== undefined ? { task: m.task } : {}),
        rounds: m.rounds,
        ...(previousUi ? { ui: previousUi } : {}),
      };
      showStatus(m.status);
      // Within one run (Run again from here, a reset, a replay) the view stays, with its zoom, axis and scroll; another
      // session, fixture or task gets a fresh one (its lanes, zoom and breakpoints belong to the previous).
      const key = JSON.stringify([m.session, m.fixture, m.task ?? null]);
      if (view && key === viewKey) {
        view.setTitle(m.title);
        view.setRecords(m.records);
      } else {
        view?.dispose();
        body.replaceChildren();
        view = mountTimelineView(body, {
          records: m.records,
          title: m.title,
          live,
          onIntent,
          onUiState,
          ...(previousUi ? { initialUiState: { ...previousUi, cursor: m.cursor } } : {}),
          cssNonce: nonce,
        });
      }
      viewKey = key;
      lastBreakpoints = JSON.stringify(m.breakpoints);
      view.setBreakpoints(m.breakpoints);
      view.setCursor(m.cursor);
      view.setStatus(m.status.phase === 'error' ? m.status.message : '', m.status.phase === 'error' ? 'error' : 'info');
      persist();
      return;
    }
    case 'append':
      view?.append(m.records, { follow: m.follow });
      return;
    case 'seek':
      view?.setCursor(m.call);
      return;
    case 'breakpoints':
      lastBreakpoints = JSON.stringify(m.breakpoints);
      view?.setBreakpoints(m.breakpoints);
      return;
    case 'probe':
      post({ type: 'probe', id: m.id, probe: view ? view.probe() : null });
      return;
    case 'status':
      showStatus(m.status);
      if (state) {
        state.rounds = m.status.rounds;
        persist();
      }
      if (m.status.phase === 'error') view?.setStatus(m.status.message, 'error');
      return;
  }
}

onHostMessages<HostToWebview>(handle, reportError);

post({ type: 'ready', ...(state ? { state } : {}) });
