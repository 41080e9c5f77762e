import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../../shared/dataset.js';
import { infer } from '../helpers.js';

const text: FeatureSpec = { name: 'text', kind: 'text', vocabSize: 1000, maxLength: 40 };

describe('TokenPositionEmbedding', () => {
  it('[40] ids → [40, 32]: a vector per token id (from the text feature) and one per position', () => {
    const r = infer('TokenPositionEmbedding', { outputDim: 32 }, [[[40]]], [], [[[text]]]);
    expect(r.outputs).toEqual({ out: [40, 32] });
    expect(r.params).toBe(1000 * 32 + 40 * 32);
    expect(r.macs).toBe(40 * 32);
  });
  it('says what to do when it cannot size itself or is fed no ids', () => {
    expect(infer('TokenPositionEmbedding', {}, [[[40]]]).error).toMatch(/not fed by a categorical or text input/);
    expect(infer('TokenPositionEmbedding', { inputDim: 10 }, [[[40]]], [], [[[text]]]).error).toMatch(/its feature has 1000 ids/);
    expect(infer('TokenPositionEmbedding', { inputDim: 10 }, [[[4, 4]]]).error).toMatch(/needs a sequence of ids/);
  });
});
