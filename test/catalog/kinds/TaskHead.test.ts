import { describe, expect, it } from 'vitest';
import { headLoss, headMetrics } from '../../../shared/catalog/layers/taskHead.js';
import { getKind } from '../../../shared/catalog/registry.js';
import { infer, multiImage, tabular } from '../helpers.js';

describe('TaskHead', () => {
  it('10 classes, tower [50] on [50]: 3060 params, output [10]', () => {
    const r = infer('TaskHead', { dataset: 'mf', task: 'left', hidden: [50] }, [[[50]]], [multiImage]);
    expect(r.outputs).toEqual({ out: [10] });
    expect(r.params).toBe(50 * 50 + 50 + 50 * 10 + 10);
    expect(r.macs).toBe(50 * 50 + 50 * 10);
  });
  it('binary and regression project to 1', () => {
    expect(infer('TaskHead', { dataset: 'tab', task: 'clicked' }, [[[32]]], [tabular]).outputs).toEqual({ out: [1] });
    expect(infer('TaskHead', { dataset: 'tab', task: 'price' }, [[[32]]], [tabular]).params).toBe(33);
  });
  it('defaults: loss by task kind, metrics from defaultMetrics, loss weight 1, one input, no outputs', () => {
    const [clicked, price] = tabular.tasks;
    expect(headLoss({}, multiImage.tasks[0])).toBe('crossentropy');
    expect(headLoss({ loss: 'auto' }, clicked)).toBe('binary-crossentropy');
    expect(headLoss({}, price)).toBe('mse');
    expect(headMetrics({}, clicked)).toEqual(['accuracy', 'auc', 'f1']);
    expect(headMetrics({ metrics: ['mae'] }, price)).toEqual(['mae']);
    const k = getKind('TaskHead')!;
    expect(k.withDefaults({}).lossWeight).toBe(1);
    expect(k.ports({})).toEqual({ inputs: [{ name: 'in', multiple: false }], outputs: [] });
  });
  it('needs a flat input', () => {
    expect(infer('TaskHead', { dataset: 'mf', task: 'left' }, [[[4, 4, 20]]], [multiImage]).error).toMatch(/add a Flatten/);
  });
  it('names bad params', () => {
    expect(getKind('TaskHead')!.checkParams({ hidden: [50, 0] })).toEqual(['each of hidden must be between 1 and 1000000 (got 0)']);
    expect(getKind('TaskHead')!.checkParams({ lossWeight: -1 })[0]).toMatch(/lossWeight/);
    expect(getKind('TaskHead')!.checkParams({ metrics: ['accuracy', 'bleu'] })[0]).toMatch(/metrics may only hold/);
  });
});
