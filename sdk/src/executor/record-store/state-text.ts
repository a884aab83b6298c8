/**
 * The persisted states of kept records, as text appended into blocks.
 *
 * @module
 */
import { flatten } from './flatten';

/** States appended to a block before it is closed (made one sequential string). */
const BLOCK_PARTS = 64;

/**
 * Every kept state's bytes, appended into blocks of text: a record keeps where its state is (a block and an offset),
 * not a string of its own. A string a record kept alive was copied by two scavenges, each as an object of its own; a
 * block is one object for {@link BLOCK_PARTS} states, and the round's own string dies young.
 */
export class StateText {
  readonly #blocks: string[] = [];
  /** The block being appended to: a string of concatenated parts until it is closed. */
  #open = '';
  #parts = 0;
  /** Where the last {@link add} put its text. */
  block = 0;
  offset = 0;

  /** Appends `s`; {@link block} and {@link offset} say where. */
  add(s: string): void {
    this.block = this.#blocks.length;
    this.offset = this.#open.length;
    this.#open += s;
    if (++this.#parts < BLOCK_PARTS) return;
    this.#blocks.push(flatten(this.#open));
    this.#open = '';
    this.#parts = 0;
  }

  /** The closed blocks (for `delta-writer.ts`). */
  get closed(): readonly string[] {
    return this.#blocks;
  }

  /** The block being appended to (for `delta-writer.ts`). */
  get open(): string {
    return this.#open;
  }

  /**
   * Appends text as another store's {@link StateText} appended it (`delta-reader.ts`): each part but the last completes
   * the open block and closes it; the last is appended to the open block. Blocks and offsets are then the other's.
   */
  receive(parts: readonly string[]): void {
    for (let i = 0; i < parts.length - 1; i++) {
      this.#blocks.push(this.#open + parts[i]!);
      this.#open = '';
    }
    if (parts.length > 0) this.#open += parts[parts.length - 1]!;
  }

  /** The text `length` long at `offset` of `block`. */
  read(block: number, offset: number, length: number): string {
    const b = block < this.#blocks.length ? this.#blocks[block]! : this.#open;
    return b.slice(offset, offset + length);
  }
}
