import { describe, expect, it } from 'vitest';
import { infer } from '../helpers.js';

describe('PLE', () => {
  it('2 levels on 320 in: level 1 as CGC plus a shared gate, level 2 on 50', () => {
    const r = infer('PLE', { numTasks: 2, levels: 2, sharedExperts: 2, taskExperts: 1, expertUnits: 50 }, [[[320]]]);
    expect(r.outputs).toEqual({ task0: [50], task1: [50] });
    const level1 = 64200 + 1926 + (320 * 4 + 4);
    const level2 = 4 * (50 * 50 + 50) + 2 * (50 * 3 + 3);
    expect(r.params).toBe(level1 + level2);
  });
  it('1 level equals CGC', () => {
    const a = infer('PLE', { levels: 1 }, [[[40]]]);
    const b = infer('CGC', {}, [[[40]]]);
    expect(a.params).toBe(b.params);
    expect(a.macs).toBe(b.macs);
  });
});
