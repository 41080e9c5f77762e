import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../../shared/dataset.js';
import { infer } from '../helpers.js';

const city: FeatureSpec = { name: 'city', kind: 'categorical', categories: ['a', 'b', 'c'] };
const text: FeatureSpec = { name: 'text', kind: 'text', vocabSize: 1000, maxLength: 40 };

describe('Embedding', () => {
  it('sizes inputDim from a categorical feature (categories + 1 for unknown)', () => {
    const r = infer('Embedding', { outputDim: 8 }, [[[1]]], [], [[[city]]]);
    expect(r.outputs).toEqual({ out: [1, 8] });
    expect(r.params).toBe(4 * 8);
    expect(r.macs).toBe(0);
  });
  it('sizes inputDim from a text feature', () => {
    const r = infer('Embedding', { outputDim: 32 }, [[[40]]], [], [[[text]]]);
    expect(r.outputs).toEqual({ out: [40, 32] });
    expect(r.params).toBe(32_000);
  });
  it('takes an explicit inputDim', () => {
    expect(infer('Embedding', { inputDim: 50, outputDim: 2 }, [[[7]]]).params).toBe(100);
  });
  it('says what to do when it cannot size itself', () => {
    expect(infer('Embedding', {}, [[[40]]]).error).toMatch(/not fed by a categorical or text input/);
    expect(infer('Embedding', { inputDim: 10 }, [[[40]]], [], [[[text]]]).error).toMatch(/its feature has 1000 ids/);
    expect(infer('Embedding', {}, [[[28, 28, 1]]]).error).toMatch(/needs a sequence of ids/);
  });
});
