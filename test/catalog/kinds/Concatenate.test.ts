import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('Concatenate', () => {
  it('is a merge layer: its "in" takes several edges', () => {
    expect(getKind('Concatenate')!.ports({}).inputs).toEqual([{ name: 'in', multiple: true }]);
  });
  it('[320] + [64] → [384]', () => {
    const r = infer('Concatenate', {}, [[[320], [64]]]);
    expect(r.outputs).toEqual({ out: [384] });
    expect(r.params).toBe(0);
  });
  it('joins along axis 0', () => {
    expect(infer('Concatenate', { axis: 0 }, [[[4, 8], [6, 8]]]).outputs).toEqual({ out: [10, 8] });
  });
  it('reports mismatches and a lone input', () => {
    expect(infer('Concatenate', {}, [[[320], [4, 4]]]).error).toMatch(/different ranks/);
    expect(infer('Concatenate', {}, [[[4, 8], [5, 9]]]).error).toMatch(/differ outside axis -1/);
    expect(infer('Concatenate', {}, [[[4]]]).error).toMatch(/connect at least two/);
  });
});
