/**
 * The base of the extension's parts that are made from other parts (the vscode API, the fixture index, a host).
 *
 * @module
 */

/**
 * A part made from the parts it uses, given as one record and reached as `this.uses.vscode`. `#private` fields (the
 * house style) have no parameter-property form, so each used part would otherwise cost a field, a parameter and an
 * assignment in every class.
 */
export abstract class Uses<Parts extends object> {
  /** The parts this one was made from. */
  protected readonly uses: Readonly<Parts>;
  constructor(uses: Parts) {
    this.uses = uses;
  }
}
