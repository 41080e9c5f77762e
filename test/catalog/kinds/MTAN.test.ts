import { describe, expect, it } from 'vitest';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer } from '../helpers.js';

describe('MTAN', () => {
  it('one output port per task', () => {
    expect(getKind('MTAN')!.ports({ numTasks: 3 })).toEqual({ inputs: [{ name: 'in', multiple: false }], outputs: ['task0', 'task1', 'task2'] });
  });
  it('100 in, 2 levels of 32, 2 tasks', () => {
    const r = infer('MTAN', { numTasks: 2, levels: 2, units: 32 }, [[[100]]]);
    expect(r.outputs).toEqual({ task0: [32], task1: [32] });
    // trunk 100·32+32 + 32·32+32; shared f 32·32+32; per task: level 1 (32·32+32)·2, level 2 64·32+32 + 32·32+32
    const trunk = 3232 + 1056;
    const perTask = 2 * 1056 + (2080 + 1056);
    expect(r.params).toBe(trunk + 1056 + 2 * perTask);
    // trunk 3200 + 1024; f run per task 2·1024; per task: (32·32 + 32·32 + 32) + (64·32 + 32·32 + 32)
    expect(r.macs).toBe(3200 + 1024 + 2 * 1024 + 2 * (2080 + 3104));
  });
  it('needs a flat input', () => {
    expect(infer('MTAN', {}, [[[4, 4, 20]]]).error).toMatch(/needs a flat input .* add a Flatten/);
  });
});
