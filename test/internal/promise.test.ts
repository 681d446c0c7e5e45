import { describe, expect, it } from 'vitest';
import { inTurn, isPromise } from '../../src/internal/promise.js';

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

describe('inTurn', () => {
  it('stays synchronous while every call is, and runs `after` last', () => {
    const seen: string[] = [];
    const result = inTurn(['a', 'b'], (item) => void seen.push(item), () => void seen.push('after'));
    expect(result).toBeUndefined();
    expect(seen).toEqual(['a', 'b', 'after']);
  });

  it('holds each later call back until an asynchronous one settles', async () => {
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const result = inTurn(['a', 'b', 'c'], (item) => {
      seen.push(item);
      return item === 'a' ? gate : undefined;
    }, () => void seen.push('after'));
    expect(isPromise(result)).toBe(true);
    await Promise.resolve();
    expect(seen).toEqual(['a']);
    release();
    await result;
    expect(seen).toEqual(['a', 'b', 'c', 'after']);
  });
});
