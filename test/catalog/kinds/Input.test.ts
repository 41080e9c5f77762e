import { describe, expect, it } from 'vitest';
import { dataset, fashion, infer, mnist, tabular, textSet } from '../helpers.js';

describe('Input', () => {
  it('takes its shape from the feature', () => {
    expect(infer('Input', { dataset: 'mnist', feature: 'image' }, [], [mnist]).outputs).toEqual({ out: [28, 28, 1] });
    expect(infer('Input', { dataset: 'tab', feature: 'x' }, [], [tabular]).outputs).toEqual({ out: [12] });
    expect(infer('Input', { dataset: 'tab', feature: 'city' }, [], [tabular]).outputs).toEqual({ out: [1] });
    expect(infer('Input', { dataset: 'reviews', feature: 'text' }, [], [textSet]).outputs).toEqual({ out: [40] });
  });
  it("dataset '' takes the feature from every dataset that has it, if alike", () => {
    expect(infer('Input', { dataset: '', feature: 'image' }, [], [mnist, fashion]).outputs).toEqual({ out: [28, 28, 1] });
    const cifar = dataset('cifar', [{ name: 'image', kind: 'image', shape: [32, 32, 3] }], [{ name: 'c', kind: 'binary' }]);
    expect(infer('Input', { dataset: '', feature: 'image' }, [], [mnist, cifar]).error).toMatch(
      /feeds feature 'image' from datasets 'mnist' \(image \[28, 28, 1\]\) and 'cifar' \(image \[32, 32, 3\]\), which differ: give each dataset its own Input/,
    );
  });
  it('says what is missing', () => {
    expect(infer('Input', { dataset: 'mnist', feature: '' }, [], [mnist]).error).toMatch(/bound to no feature/);
    expect(infer('Input', { dataset: 'mnist', feature: 'pixels' }, [], [mnist]).error).toMatch(/feature 'pixels', which dataset 'mnist' lacks \(it has image\)/);
    expect(infer('Input', { dataset: 'gone', feature: 'image' }, [], [mnist]).error).toMatch(/not among the chosen datasets/);
  });
});
