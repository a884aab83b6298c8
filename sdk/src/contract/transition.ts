/**
 * Go `core.Transition`: what `Handle` returns.
 *
 * @module
 */
import { type PhaseInfo, PhaseInfoUndefined } from './phase-info';
import { TransitionType, transitionTypeName } from './transition-type';

/** Go `core.Transition`: a transition type and the phase info to publish. Immutable. */
export class Transition {
  /** Go `Type()`. */
  readonly type: TransitionType;
  /** Go `Info()`. */
  readonly info: PhaseInfo;

  /** @internal Use {@link doTransition} or {@link doTransitionType}. */
  constructor(type: TransitionType, info: PhaseInfo) {
    this.type = type;
    this.info = info;
    Object.freeze(this);
  }

  /** Go `String()`: `TransitionTypeBarrier,Phase<PhaseUndefined:0 <nil> Reason:>`. */
  toString(): string {
    return `${transitionTypeName(this.type)},${this.info.toString()}`;
  }
}

/** Go `DoTransitionType(ttype, info)`. */
export function doTransitionType(ttype: TransitionType, info: PhaseInfo): Transition {
  return new Transition(ttype, info);
}

/** Go `DoTransition(info)`: an Ephemeral transition. */
export function doTransition(info: PhaseInfo): Transition {
  return new Transition(TransitionType.Ephemeral, info);
}

/** Go `UnknownTransition`: Ephemeral with {@link PhaseInfoUndefined}; returned together with an error. */
export const UnknownTransition: Transition = new Transition(TransitionType.Ephemeral, PhaseInfoUndefined);
