import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Dropout', () => {
  it('keeps the shape, no weights', () => {
    const r = infer('Dropout', { rate: 0.3 }, [[[12, 12, 10]]]);
    expect(r.outputs).toEqual({ out: [12, 12, 10] });
    expect(r.params).toBe(0);
  });
  it('rate must be below 1', () => {
    expect(infer('Dropout', { rate: 1 }, [[[4]]]).error).toMatch(/rate must be at least 0 and below 1 \(got 1\)/);
  });
});
