// Task grouping from an affinity matrix (exhaustive search over partitions), its cost estimate, and the grouped
// design: one copy of the shared trunk per group, valid and buildable.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { affinityCost, affinityMatrix, bestGroupings, groupedDesign, groupingScore, suggestGrouping } from '../../shared/affinity.js';
import { validateDesign } from '../../shared/validate.js';
import { buildModel } from '../../electron/engine/model/index.js';
import { trunkDesign, tinyDataset, useCpu } from '../engine/train/helpers.js';

// tasks 0,1 help each other, 2,3 help each other, across the pairs they hurt
const Z = [
  [0, 0.5, -0.2, -0.3],
  [0.4, 0, -0.1, -0.2],
  [-0.3, -0.2, 0, 0.6],
  [-0.1, -0.4, 0.3, 0],
];

describe('task grouping', () => {
  it('finds the best partition for every number of groups, and suggests the best overall', () => {
    const all = bestGroupings(Z);
    expect(all.map((g) => g.groups.length)).toEqual([1, 2, 3, 4]);
    expect(all[1].groups).toEqual([[0, 1], [2, 3]]);
    expect(all[1].score).toBeCloseTo(0.5 + 0.4 + 0.6 + 0.3, 12);
    expect(all[3].score).toBe(0); // every task alone
    expect(suggestGrouping(Z)!.groups).toEqual([[0, 1], [2, 3]]);
    // the score of one group: each task's mean affinity from the others
    expect(groupingScore(Z, [[0, 1, 2]])).toBeCloseTo((0.4 - 0.3) / 2 + (0.5 - 0.2) / 2 + (-0.2 - 0.1) / 2, 12);
  });

  it('tasks that only hurt each other are best left apart', () => {
    expect(suggestGrouping([[0, -0.1, -0.2], [-0.3, 0, -0.1], [-0.2, -0.2, 0]])!.groups).toEqual([[0], [1], [2]]);
  });

  it('reads the matrix from metric rows and says what it costs', () => {
    const z = affinityMatrix(['a', 'b'], [
      { task: 'a>b', metric: 'affinity', value: 0.2 },
      { task: 'a>b', metric: 'affinity', value: 0.4 },
      { task: 'b>a', metric: 'grad_cos', value: 0.9 },
    ]);
    expect(z[0][1]).toBeCloseTo(0.3, 12);
    expect(Number.isNaN(z[1][0])).toBe(true);
    const cost = affinityCost(3, 10, 100, 5);
    expect(cost.measurements).toBe(50);
    expect(cost.stepsPerMeasurement).toBeCloseTo((6 + 4) / 3, 12);
    expect(cost.overhead).toBeCloseTo((50 * 10) / 3 / 500, 12);
    expect(cost.text).toMatch(/every 10 steps: 50 measurements .* about \+33% training time/);
  });
});

describe('grouped design', () => {
  it('one trunk per group, heads on their group’s trunk; valid and buildable with separate weights', async () => {
    const ds = tinyDataset({ tasks: ['left', 'right', 'value'] });
    const design = trunkDesign([{ dataset: 'tiny', task: 'left' }, { dataset: 'tiny', task: 'right' }, { dataset: 'tiny', task: 'value' }]);
    const grouped = groupedDesign(design, [['left', 'value'], ['right']]);
    expect(grouped.nodes.map((n) => n.id).sort()).toEqual(['head0', 'head1', 'head2', 'in', 'trunk~g0', 'trunk~g1']);
    const into = (id: string) => grouped.edges.filter((e) => e.target === id).map((e) => e.source);
    expect(into('head0')).toEqual(['trunk~g0']);
    expect(into('head2')).toEqual(['trunk~g0']);
    expect(into('head1')).toEqual(['trunk~g1']);
    expect(into('trunk~g1')).toEqual(['in']);
    expect(grouped.name).toMatch(/grouped \(left\+value \| right\)/);
    expect(validateDesign(grouped, [ds.info]).problems).toEqual([]);
    await useCpu();
    const model = buildModel(tf, grouped, [ds.info], { seed: 1 });
    try {
      expect(model.heads.map((h) => h.key)).toEqual(['left', 'right', 'value']);
    } finally {
      model.dispose();
    }
    expect(() => groupedDesign(design, [['nope']])).toThrow(/no task head has the key 'nope' \(heads: left, right, value\)/);
  });
});
