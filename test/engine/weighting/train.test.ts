// Every registered strategy trains a real 2-task model (shared Dense trunk, a 3-class and a binary head)
// to better than chance on held-out data.
import { describe, expect, it } from 'vitest';
import { listStrategies } from '../../../electron/engine/weighting/registry.js';
import { config, runTraining, tinyDataset } from '../train/helpers.js';

const ds = tinyDataset({ rows: 360, seed: 11 });

describe('each strategy trains a 2-task model', () => {
  for (const s of listStrategies()) {
    it(`${s.name}: both tasks beat chance on the test split`, async () => {
      const params = s.name === 'static' ? { weights: [1, 0.5] } : {};
      const run = await runTraining(config({ epochs: 4, batchSize: 32, weighting: { name: s.name, params } }), [ds]);
      expect(run.result.status, run.result.error).toBe('completed');
      expect(run.last('test', 'left', 'accuracy')!).toBeGreaterThan(0.55); // 3 classes: chance ≈ 0.33
      expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.7); // binary: chance ≈ 0.5
      // the strategy's weights are recorded every epoch
      expect(run.curve('diagnostics', 'left', 'weight')).toHaveLength(4);
      if (s.name === 'uw') expect(run.curve('diagnostics', 'left', 'log_variance')).toHaveLength(4);
    });
  }
});
