// The bench's data as the engine's own dataset (its DatasetInfo and loaded arrays), for the scripts that
// train through the engine: MultiMNIST for MultiLeNet, the tabular pair for MMoE, every row in train.
import { describedDataset } from '../shared/dataset.js';
import type { LoadedDataset } from '../electron/engine/types.js';
import { multiMnist, tabular } from './data.js';

export function engineDataset(model: 'multilenet' | 'mmoe', rows: number): LoadedDataset {
  const mmoe = model === 'mmoe';
  const bench = mmoe ? tabular(rows) : multiMnist(rows);
  const feature = mmoe ? 'x' : 'image';
  const tasks = mmoe ? ['y1', 'y2'] : ['left', 'right'];
  const info = describedDataset({
    id: 'bench',
    name: mmoe ? 'MMoE synthetic (bench)' : 'MultiMNIST (bench)',
    spec: { source: 'bench', options: {}, seed: 1 },
    features: [mmoe
      ? { name: feature, kind: 'vector', size: 100, columns: Array.from({ length: 100 }, (_, i) => `f${i}`) }
      : { name: feature, kind: 'image', shape: [28, 28, 1] }],
    tasks: tasks.map((name) => (mmoe
      ? { name, kind: 'regression' as const }
      : { name, kind: 'multiclass' as const, classes: Array.from({ length: 10 }, (_, i) => String(i)) })),
    rows,
    splits: { train: rows, validation: 0, test: 0 },
  });
  return {
    info,
    features: { [feature]: bench.x },
    labels: Object.fromEntries(tasks.map((t, i) => [t, bench.y[i]])),
    splits: { train: Int32Array.from({ length: rows }, (_, i) => i), validation: new Int32Array(0), test: new Int32Array(0) },
  };
}
