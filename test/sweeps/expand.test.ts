// Sweep expansion: grid, random draws with an equal budget per strategy, seeds, and clear errors.
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../shared/run.js';
import { expandSweep, trialConfig, type SweepSpec } from '../../shared/sweep.js';

const base = {
  design: { version: 1, name: 'd', nodes: [], edges: [] }, datasets: ['ds'], optimizer: { name: 'adam', lr: 0.01 },
  schedule: { kind: 'constant' }, epochs: 1, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 0,
} as RunConfig;

describe('expandSweep', () => {
  it('grid: every strategy × lr × seed, seeds of one configuration share its key', () => {
    const plan = expandSweep({ base, axes: { strategies: [{ name: 'ew' }, { name: 'uw' }], lr: [0.1, 0.01], seeds: [1, 2, 3] }, budget: 'none' });
    expect(plan.trials).toHaveLength(12);
    expect(plan.perStrategy).toEqual({ ew: 2, uw: 2 });
    expect(plan.configurations).toBe(4);
    const keys = new Set(plan.trials.map((t) => t.key));
    expect(keys.size).toBe(4);
    expect(plan.trials.filter((t) => t.key === plan.trials[0].key).map((t) => t.overrides.seed)).toEqual([1, 2, 3]);
  });

  it('equal budget: a strategy with a larger space is cut to the smallest one, and the plan says so', () => {
    const spec: SweepSpec = { base, axes: { strategies: [{ name: 'ew' }, { name: 'cagrad', params: { alpha: [0.2, 0.5, 0.8] } }], lr: [0.1, 0.01] } };
    const plan = expandSweep(spec);
    expect(plan.perStrategy).toEqual({ ew: 2, cagrad: 2 });
    expect(plan.notes.join(' ')).toMatch(/every strategy gets 2 configuration/);
    expect(expandSweep(spec)).toEqual(plan); // reproducible draws
    expect(expandSweep({ ...spec, budget: 'none' }).perStrategy).toEqual({ ew: 2, cagrad: 6 });
  });

  it('random: `trials` configurations drawn per strategy, different sample seeds draw differently', () => {
    const spec: SweepSpec = { base, axes: { strategies: [{ name: 'cagrad', params: { alpha: [0.1, 0.2, 0.3, 0.4, 0.5] } }], lr: [0.1, 0.03, 0.01, 0.003] }, mode: 'random', trials: 5 };
    const a = expandSweep(spec);
    expect(a.trials).toHaveLength(5);
    const b = expandSweep({ ...spec, sampleSeed: 7 });
    expect(b.trials.map((t) => t.key)).not.toEqual(a.trials.map((t) => t.key));
  });

  it('a trial config carries the overrides and drops base seeds and baselines', () => {
    const plan = expandSweep({ base: { ...base, seeds: [4, 5], baselines: true }, axes: { optimizer: ['sgd'], batchSize: [32], seeds: [9] } });
    const c = trialConfig({ base, axes: {} }, plan.trials[0].overrides, [], 'n');
    expect(c).toMatchObject({ seed: 9, batchSize: 32, optimizer: { name: 'sgd', lr: 0.01 }, name: 'n' });
    expect(c.seeds).toBeUndefined();
    expect(c.baselines).toBeUndefined();
  });

  it('bad specs are refused naming the axis', () => {
    expect(() => expandSweep({ base, axes: { lr: [] } })).toThrow(/axes\.lr: give at least one value/);
    expect(() => expandSweep({ base, axes: { lr: [-1] } })).toThrow(/axes\.lr\[0\]: expected a learning rate > 0/);
    expect(() => expandSweep({ base, axes: {}, mode: 'random' })).toThrow(/trials: a random sweep needs/);
    expect(() => expandSweep({ base, axes: { strategies: [{ name: 'cagrad' }, { name: 'cagrad', params: { alpha: [0.5] } }] } })).toThrow(/'cagrad' is listed twice/);
    expect(() => expandSweep({ base, axes: { lr: Array.from({ length: 50 }, (_, i) => i + 1), batchSize: Array.from({ length: 50 }, (_, i) => i + 1) } })).toThrow(/more than the limit/);
  });
});
