/**
 * What one phase of the machinery's Handle gives back: Go's `(newState, phaseInfo, err)` without the error (a throw).
 *
 * @module
 */
import type { PhaseInfo } from '../contract/phase-info';
import type { State } from './state';

/** The next state (`undefined`: Go's nil, nothing put) and the phase to report. */
export interface Step {
  state: State | undefined;
  phaseInfo: PhaseInfo;
}
