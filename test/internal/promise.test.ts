import { describe, expect, it } from 'vitest';
import { isPromise } from '../../src/internal/promise.js';

describe('isPromise', () => {
  it('recognizes promises and thenables only', () => {
    expect(isPromise(Promise.resolve(1))).toBe(true);
    expect(isPromise({ then: () => undefined })).toBe(true);
    expect(isPromise(Object.assign(() => 1, { then: () => undefined }))).toBe(true);
    for (const value of [null, undefined, 1, 'then', {}, { then: 1 }, Buffer.alloc(1)]) {
      expect(isPromise(value)).toBe(false);
    }
  });
});
