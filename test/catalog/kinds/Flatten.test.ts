import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('Flatten', () => {
  it('[4, 4, 20] → [320], no weights', () => {
    const r = infer('Flatten', {}, [[[4, 4, 20]]]);
    expect(r.outputs).toEqual({ out: [320] });
    expect(r.params).toBe(0);
  });
  it('refuses unknown dimensions', () => {
    expect(infer('Flatten', {}, [[[null, 4]]]).error).toMatch(/unknown dimension/);
  });
});
