import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('CrossStitch', () => {
  it('K inputs in0.., K outputs task0..', () => {
    expect(getKind('CrossStitch')!.ports({ numTasks: 3 })).toEqual({
      inputs: [
        { name: 'in0', multiple: false },
        { name: 'in1', multiple: false },
        { name: 'in2', multiple: false },
      ],
      outputs: ['task0', 'task1', 'task2'],
    });
  });
  it('mixes two [4, 4, 20] columns with a 2×2 matrix', () => {
    const r = infer('CrossStitch', { numTasks: 2 }, [[[4, 4, 20]], [[4, 4, 20]]]);
    expect(r.outputs).toEqual({ task0: [4, 4, 20], task1: [4, 4, 20] });
    expect(r.params).toBe(4);
    expect(r.macs).toBe(4 * 320);
  });
  it('needs equal shapes', () => {
    expect(infer('CrossStitch', { numTasks: 2 }, [[[50]], [[40]]]).error).toMatch(/columns of different shapes \(\[50\], \[40\]\)/);
  });
});
