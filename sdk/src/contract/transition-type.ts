/**
 * Go `core.TransitionType`: the consistency a plugin asks for the state of a transition.
 *
 * @module
 */
import { EnumError } from './errors';

/** Go `TransitionType` constants, without the prefix. */
export const TransitionType = {
  /**
   * Go `TransitionTypeEphemeral`: eventually consistent; state written may not be visible in the next call.
   * The best choice for idempotent plugins.
   */
  Ephemeral: 0,
  /**
   * Go `TransitionTypeBarrier`: tries its best to make the latest state visible to every following read; it can
   * still go back in time in rare cases.
   */
  Barrier: 1,
} as const;
/** Go `core.TransitionType`. */
export type TransitionType = (typeof TransitionType)[keyof typeof TransitionType];

const names = ['TransitionTypeEphemeral', 'TransitionTypeBarrier'] as const;

/** Go `TransitionType.IsATransitionType`. */
export function isATransitionType(value: unknown): value is TransitionType {
  return value === 0 || value === 1;
}

/** Go `TransitionType.String`: `"TransitionTypeBarrier"`; out of range prints `"TransitionType(n)"`. */
export function transitionTypeName(t: number): string {
  return isATransitionType(t) ? names[t] : `TransitionType(${t})`;
}

/**
 * Go `TransitionTypeString`: parses a name.
 * @throws {@link EnumError} `"<name> does not belong to TransitionType values"`.
 */
export function transitionTypeString(name: string): TransitionType {
  const i = (names as readonly string[]).indexOf(name);
  if (i < 0) throw new EnumError(`${name} does not belong to TransitionType values`);
  return i as TransitionType;
}

/** Go `TransitionTypeValues`: every transition type, in order. */
export function transitionTypeValues(): TransitionType[] {
  return [TransitionType.Ephemeral, TransitionType.Barrier];
}
