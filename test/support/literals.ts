/**
 * Literal maps of primitives, as tests and test plugins write and read them: `{ x: 7n }` is the map whose `x` is
 * the integer primitive 7 (the nesting of Flyte's `Literal` -> `Scalar` -> `Primitive` written once).
 *
 * @module
 */
import { create, LiteralMapSchema, type LiteralMap } from '@plugbench/sdk';

/** A primitive's value: a bigint is an `integer`, a string a `stringValue`. */
export type PrimitiveValue = bigint | string;

/** The literal map of `values`, each one a scalar primitive. */
export function primitiveLiterals(values: Record<string, PrimitiveValue>): LiteralMap {
  const literals = Object.fromEntries(
    Object.entries(values).map(([name, v]) => {
      const value = typeof v === 'bigint' ? { case: 'integer', value: v } : { case: 'stringValue', value: v };
      return [name, { value: { case: 'scalar', value: { value: { case: 'primitive', value: { value } } } } }];
    }),
  );
  return create(LiteralMapSchema, { literals } as never);
}

/** The primitive value of `map`'s literal `name` (integer or string), or undefined when it is not one. */
export function primitiveOf(map: LiteralMap | undefined, name: string): PrimitiveValue | undefined {
  const literal = map?.literals[name]?.value;
  if (literal?.case !== 'scalar' || literal.value.value.case !== 'primitive') return undefined;
  const primitive = literal.value.value.value.value;
  return primitive.case === 'integer' || primitive.case === 'stringValue' ? primitive.value : undefined;
}
