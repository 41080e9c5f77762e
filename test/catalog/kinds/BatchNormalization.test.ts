import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('BatchNormalization', () => {
  it('[12, 12, 10]: 4 weights per channel (as Keras counts), one multiply-add per value', () => {
    const r = infer('BatchNormalization', {}, [[[12, 12, 10]]]);
    expect(r.outputs).toEqual({ out: [12, 12, 10] });
    expect(r.params).toBe(40);
    expect(r.macs).toBe(1440);
  });
  it('epsilon must be above 0', () => {
    expect(infer('BatchNormalization', { epsilon: 0 }, [[[4]]]).error).toMatch(/epsilon must be above 0/);
  });
});
