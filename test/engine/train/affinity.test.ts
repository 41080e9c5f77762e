// Task affinity (TAG's lookahead) on MMoE's synthetic pair: with task correlation p = 0.9 a step on one task's
// gradient lowers the other task's loss clearly more than with p = 0. Real training on the cpu backend.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../../shared/dataset.js';
import { affinityMatrix, AFFINITY_METRIC, affinityPair } from '../../../shared/affinity.js';
import type { LoadedDataset } from '../../../electron/engine/types.js';
import { generateMmoeSynthetic } from '../../../electron/datasets/sources/mmoe-synthetic.js';
import { config, runTraining, trunkDesign } from './helpers.js';

function mmoeData(p: number): LoadedDataset {
  const rows = 1200;
  const dim = 16;
  const d = generateMmoeSynthetic({ p, dim, rows, c: 1, m: 10 }, 3);
  const info: DatasetInfo = {
    id: 'mmoe',
    name: `mmoe p=${p}`,
    spec: { source: 'test', options: { p }, seed: 3 },
    features: [{ name: 'x', kind: 'vector', size: dim, columns: Array.from({ length: dim }, (_, i) => `x${i}`) }],
    tasks: [{ name: 'y1', kind: 'regression' }, { name: 'y2', kind: 'regression' }],
    rows,
    splits: { train: 1000, validation: 100, test: 100 },
    stats: [],
    balance: [],
    checksum: `mmoe-${p}`,
    createdAt: '2026-01-01T00:00:00Z',
  };
  const idx = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { info, features: { x: d.x }, labels: { y1: d.y1, y2: d.y2 }, splits: { train: idx(0, 1000), validation: idx(1000, 1100), test: idx(1100, 1200) } };
}

async function affinityAt(p: number) {
  const run = await runTraining(
    config({
      design: trunkDesign([{ dataset: 'mmoe', task: 'y1' }, { dataset: 'mmoe', task: 'y2' }], 16),
      datasets: ['mmoe'],
      epochs: 3,
      batchSize: 50,
      optimizer: { name: 'adam', lr: 0.01 },
      affinity: { every: 2 },
    }),
    [mmoeData(p)],
  );
  expect(run.result.status, run.result.error).toBe('completed');
  const rows = run.rows.filter((r) => r.split === 'diagnostics' && r.metric === AFFINITY_METRIC);
  // one row per directed pair and epoch
  expect(rows.filter((r) => r.task === affinityPair('y1', 'y2'))).toHaveLength(3);
  expect(rows.filter((r) => r.task === affinityPair('y2', 'y1'))).toHaveLength(3);
  const z = affinityMatrix(['y1', 'y2'], rows);
  return (z[0][1] + z[1][0]) / 2;
}

describe('lookahead task affinity', () => {
  it('is clearly positive for correlated tasks (p = 0.9) and lower, near zero or negative, for p = 0', async () => {
    const high = await affinityAt(0.9);
    const none = await affinityAt(0);
    expect(high).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(none);
    expect(high - none).toBeGreaterThan(Math.abs(none)); // the gap dwarfs whatever p = 0 shows
    console.log(`affinity p=0.9: ${high.toFixed(4)}, p=0: ${none.toFixed(4)}`);
  }, 120_000);
});
