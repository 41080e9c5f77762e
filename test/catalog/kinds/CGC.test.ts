import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('CGC', () => {
  it('320 in, 2 shared + 1 per task of 50 units, 2 tasks', () => {
    const r = infer('CGC', { numTasks: 2, sharedExperts: 2, taskExperts: 1, expertUnits: 50 }, [[[320]]]);
    expect(r.outputs).toEqual({ task0: [50], task1: [50] });
    // 4 experts 4·16050, 2 gates over 3 experts 2·(320·3+3)
    expect(r.params).toBe(64200 + 1926);
    expect(r.macs).toBe(64000 + 2 * (960 + 150));
  });
  it('needs at least one expert per task', () => {
    expect(getKind('CGC')!.checkParams({ sharedExperts: 0, taskExperts: 0 })[0]).toMatch(/sharedExperts \+ taskExperts must be at least 1/);
  });
});
