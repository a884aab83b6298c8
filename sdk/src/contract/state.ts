/**
 * Go `core.PluginStateReader` / `core.PluginStateWriter`: state a plugin keeps between rounds.
 *
 * @module
 */

/**
 * A schema that validates stored state: a zod schema fits, or anything with the same `safeParse`.
 */
export interface StateSchema<T> {
  /** Validates `data`. */
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/** What {@link PluginStateReader.get} returns. */
export interface StateRead<T> {
  /** The state version the plugin wrote with the value (uint8); 0 when there is no state. */
  stateVersion: number;
  /** The value of the previous rounds, or `undefined` when there is none. */
  value: T | undefined;
}

/** Go `core.PluginStateReader`: the state persisted by previous rounds. Reading never sees this round's writes. */
export interface PluginStateReader {
  /** Go `GetStateVersion`. */
  getStateVersion(): number;
  /**
   * Go `Get(&t)`: the stored value and its state version. With a `schema`, the value is validated.
   * @throws `StateDecodeError` when the stored value does not match `schema`.
   */
  get<T = unknown>(schema?: StateSchema<T>): StateRead<T>;
}

/** Go `core.PluginStateWriter`: state for the next rounds. Only the last write of a round counts. */
export interface PluginStateWriter {
  /**
   * Go `Put(stateVersion, v)`: `value` becomes visible from the next round, if this round is persisted (a round
   * whose phase and version did not change is not, nor is a round that fails).
   * @throws `InvalidArgumentError` for a version outside 0..255; `StateSerializationError` for a value that would
   * not come back unchanged.
   */
  put(stateVersion: number, value: unknown): void;
  /** Go `Reset`: asks to reset the state to empty. See the README for how Flyte v1 treats this. */
  reset(): void;
}
