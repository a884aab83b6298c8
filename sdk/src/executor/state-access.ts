/**
 * The plugin state reader and writer of one round. Reads see only what earlier rounds persisted; writes are
 * checked at once (a value that would not survive the store is refused where it is written) and take effect only
 * if the round is persisted.
 *
 * @module
 */
import { InvalidArgumentError, StateDecodeError } from '../contract/errors';
import type { PluginStateReader, PluginStateWriter, StateRead, StateSchema } from '../contract/state';
import { assertSerializable, decodeState, type StateValue } from '../contract/state-codec';
import type { RoundScratch } from './round-env';

/** Go's plugin state manager as a reader. */
export class RoundStateReader implements PluginStateReader {
  readonly #encoded: string | undefined;
  readonly #version: number;
  readonly #scratch: RoundScratch;
  constructor(encoded: string | undefined, version: number, scratch: RoundScratch) {
    this.#encoded = encoded;
    this.#version = version;
    this.#scratch = scratch;
  }
  getStateVersion(): number {
    return this.#version;
  }
  get<T = unknown>(schema?: StateSchema<T>): StateRead<T> {
    if (this.#scratch.stateWrite !== undefined && !this.#scratch.closed) this.#scratch.getAfterPut = true;
    if (this.#encoded === undefined) return { stateVersion: this.#version, value: undefined };
    const raw: StateValue = decodeState(this.#encoded);
    if (schema === undefined) return { stateVersion: this.#version, value: raw as T };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new StateDecodeError(
        `stored plugin state (version ${this.#version}) does not match the schema: ${parsed.error.message}`,
      );
    }
    return { stateVersion: this.#version, value: parsed.data };
  }
}

/** Go's plugin state manager as a writer. */
export class RoundStateWriter implements PluginStateWriter {
  readonly #scratch: RoundScratch;
  constructor(scratch: RoundScratch) {
    this.#scratch = scratch;
  }
  put(stateVersion: number, value: unknown): void {
    if (!Number.isInteger(stateVersion) || stateVersion < 0 || stateVersion > 255) {
      throw new InvalidArgumentError(`state version must be an integer in 0..255 (Go uint8), got ${stateVersion}`);
    }
    assertSerializable(value);
    if (this.#scratch.closed) return;
    // Only the encoded form is kept: it is what the next round reads, and the timeline decodes it when it records.
    this.#scratch.stateWrite = { op: 'put', version: stateVersion, encoded: JSON.stringify(value) };
  }
  reset(): void {
    if (this.#scratch.closed) return;
    this.#scratch.stateWrite = { op: 'reset' };
  }
}
