import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('Activation', () => {
  it('keeps the shape for every function', () => {
    for (const a of ['relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'elu', 'leakyRelu', 'linear']) {
      expect(infer('Activation', { activation: a }, [[[8, 8, 3]]]).outputs).toEqual({ out: [8, 8, 3] });
    }
  });
  it('offers exactly the documented functions', () => {
    expect(getKind('Activation')!.params[0].options).toEqual(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'elu', 'leakyRelu']);
  });
  it('refuses an unknown function', () => {
    expect(infer('Activation', { activation: 'mish' }, [[[4]]]).error).toMatch(/activation must be one of/);
  });
});
