import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('LayerNormalization', () => {
  it('[50]: 2 weights per feature, 4 multiply-adds per value', () => {
    const r = infer('LayerNormalization', {}, [[[50]]]);
    expect(r.outputs).toEqual({ out: [50] });
    expect(r.params).toBe(100);
    expect(r.macs).toBe(200);
  });
  it('on a sequence normalises the last axis', () => {
    expect(infer('LayerNormalization', {}, [[[40, 32]]]).params).toBe(64);
  });
});
