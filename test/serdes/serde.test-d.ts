import { describe, expectTypeOf, it } from 'vitest';
import { Serdes, serdeFrom } from '../../src/serdes/primitives.js';
import type { AsyncCapableSerde, Serde } from '../../src/serdes/serde.js';

describe('serde types', () => {
  it('types each built-in serde by its value', () => {
    expectTypeOf(Serdes.String()).toEqualTypeOf<Serde<string>>();
    expectTypeOf(Serdes.Long()).toEqualTypeOf<Serde<number>>();
    expectTypeOf(Serdes.Integer()).toEqualTypeOf<Serde<number>>();
    expectTypeOf(Serdes.Double()).toEqualTypeOf<Serde<number>>();
    expectTypeOf(Serdes.Buffer()).toEqualTypeOf<Serde<Buffer>>();
    expectTypeOf(Serdes.JSON<{ id: string }>()).toEqualTypeOf<Serde<{ id: string }>>();
  });

  it('keeps Serde synchronous and makes every Serde an AsyncCapableSerde', () => {
    expectTypeOf(Serdes.Long().serialize).returns.toEqualTypeOf<Buffer | null>();
    expectTypeOf(Serdes.Long().deserialize).returns.toEqualTypeOf<number>();
    expectTypeOf(Serdes.String()).toExtend<AsyncCapableSerde<string>>();
    expectTypeOf<AsyncCapableSerde<string>>().not.toExtend<Serde<string>>();
  });

  it('infers serdeFrom from its functions', () => {
    expectTypeOf(serdeFrom((_t, v: Date) => Buffer.from(v.toISOString()), (_t, b) => new Date(b.toString()))).toEqualTypeOf<Serde<Date>>();
  });
});
