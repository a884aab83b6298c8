/**
 * Keyboard shortcuts, as a pure mapping from a key event to an action, so they are tested without a browser and
 * listed in the help from the same table.
 *
 * @module
 */

/** What a key does. */
export type KeyAction =
  | 'step'
  | 'stepBack'
  | 'reset'
  | 'runToEnd'
  | 'nextEvent'
  | 'previousEvent'
  | 'nextPhaseChange'
  | 'previousPhaseChange'
  | 'toggleTaskBreakpoint'
  | 'toggleAxis'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'filterRounds'
  | 'help';

/** The shortcut table: keys (as `KeyboardEvent.key`), and what they do. */
export const SHORTCUTS: readonly { keys: readonly string[]; label: string; action: KeyAction }[] = [
  { keys: ['ArrowRight', 'j'], label: '→ / j', action: 'step' },
  { keys: ['ArrowLeft', 'k'], label: '← / k', action: 'stepBack' },
  { keys: ['Home'], label: 'Home', action: 'reset' },
  { keys: ['End'], label: 'End', action: 'runToEnd' },
  { keys: ['n'], label: 'n', action: 'nextEvent' },
  { keys: ['N'], label: 'Shift+N', action: 'previousEvent' },
  { keys: ['p'], label: 'p', action: 'nextPhaseChange' },
  { keys: ['P'], label: 'Shift+P', action: 'previousPhaseChange' },
  { keys: ['b'], label: 'b', action: 'toggleTaskBreakpoint' },
  { keys: ['t'], label: 't', action: 'toggleAxis' },
  { keys: ['+', '='], label: '+', action: 'zoomIn' },
  { keys: ['-'], label: '−', action: 'zoomOut' },
  { keys: ['0'], label: '0', action: 'zoomFit' },
  { keys: ['/'], label: '/', action: 'filterRounds' },
  { keys: ['?'], label: '?', action: 'help' },
];

/** What each action means, for the help. */
export const ACTION_HELP: Readonly<Record<KeyAction, string>> = {
  step: 'Step: one round forward',
  stepBack: 'Back: one round back',
  reset: 'Reset: to before the first round',
  runToEnd: 'Run to end (or to the next breakpoint)',
  nextEvent: 'Run to next event',
  previousEvent: 'back to the previous round that sent an event',
  nextPhaseChange: 'Run to next phase change',
  previousPhaseChange: 'back to the previous phase change',
  toggleTaskBreakpoint: "breakpoint on the cursor's task",
  toggleAxis: 'x axis: run rounds / virtual time',
  zoomIn: 'zoom in',
  zoomOut: 'zoom out',
  zoomFit: 'fit the whole run',
  filterRounds: 'filter the list of rounds',
  help: 'show these shortcuts',
};

const BY_KEY = new Map<string, KeyAction>();
for (const s of SHORTCUTS) for (const k of s.keys) BY_KEY.set(k, s.action);

/** The subset of a KeyboardEvent the mapping reads. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
}

/** The action of a key press, or undefined when the key is not ours (modifiers, typing in a field). */
export function keyAction(e: KeyLike): KeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const t = e.target as { tagName?: string; type?: string; isContentEditable?: boolean } | null | undefined;
  const tag = t?.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || t?.isContentEditable) return undefined;
  // A focused slider handles the arrows, Home and End itself (and reports the new value).
  if (
    tag === 'INPUT' &&
    (t?.type !== 'range' ||
      ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key))
  )
    return undefined;
  return BY_KEY.get(e.key);
}
