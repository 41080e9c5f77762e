// One check of a strategy's parameters, used by the service edge, the engine and the launch form.
import { describe, expect, it } from 'vitest';
import { checkParams, type StrategyInfo } from '../../shared/strategies.js';
import { listStrategies } from '../../electron/engine/weighting/registry.js';
import { parseParams } from '../../renderer/components/runs/strategy-params.js';

const info: StrategyInfo = {
  name: 'demo',
  label: 'Demo',
  citation: '',
  description: '',
  needsTaskGradients: false,
  params: [
    { name: 'T', type: 'number', default: 2, label: 'T', min: 0.5, max: 10 },
    { name: 'weights', type: 'numbers', default: [], label: 'Weights', min: 0 },
    { name: 'mode', type: 'string', default: 'a', label: 'Mode', options: ['a', 'b'] },
  ],
};

describe('checkParams', () => {
  it('fills defaults for what is not given and keeps what is', () => {
    expect(checkParams(info, {})).toEqual({ ok: true, values: { T: 2, weights: [], mode: 'a' } });
    expect(checkParams(info, { T: 3, weights: [1, 2], mode: 'b' })).toEqual({ ok: true, values: { T: 3, weights: [1, 2], mode: 'b' } });
  });

  it('names each parameter that is wrong, with a code and the English', () => {
    const res = checkParams(info, { T: 20, weights: [1, -1], mode: 'c', temp: 1 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.issues).toEqual([
      { param: 'temp', code: 'unknown', message: "'demo' has no parameter 'temp' (its parameters: T, weights, mode)." },
      { param: 'T', code: 'max', max: 10, message: '20 is above the maximum 10.' },
      { param: 'weights', code: 'min', min: 0, message: '-1 is below the minimum 0.' },
      { param: 'mode', code: 'option', message: "'c' is not one of a, b." },
    ]);
    const types = checkParams(info, { T: '2', weights: 3, mode: 1 });
    expect(!types.ok && types.issues.map((i) => i.code)).toEqual(['number', 'numbers', 'string']);
  });

  it('accepts every registered strategy with its defaults', () => {
    for (const s of listStrategies()) expect(checkParams(s, {}).ok, s.name).toBe(true);
  });

  it('is what the launch form shows, translated by code', () => {
    const t = (key: string, v?: Record<string, unknown>) => `${key}${v ? JSON.stringify(v) : ''}`;
    expect(parseParams(info, { T: '0.1', weights: '1, x', mode: 'b' }, t)).toEqual({
      params: { mode: 'b' },
      errors: { T: 'runs.launch.errMin{"min":0.5}', weights: 'runs.launch.errNumbers' },
    });
    expect(parseParams(info, { T: '4', weights: '1 2', mode: 'a' }, t)).toEqual({ params: { T: 4, weights: [1, 2], mode: 'a' }, errors: {} });
  });
});
