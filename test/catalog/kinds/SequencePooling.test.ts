import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('SequencePooling', () => {
  it("'first' takes position 0 (no arithmetic); 'mean' averages (one add per value)", () => {
    expect(infer('SequencePooling', { mode: 'first' }, [[[12, 16]]])).toEqual({ outputs: { out: [16] }, params: 0, macs: 0 });
    expect(infer('SequencePooling', { mode: 'mean' }, [[[12, 16]]])).toEqual({ outputs: { out: [16] }, params: 0, macs: 192 });
  });
  it('needs a sequence', () => {
    expect(infer('SequencePooling', {}, [[[16]]]).error).toMatch(/needs a sequence/);
  });
});
