// @vitest-environment happy-dom
// The inspector's generated fields: checked as you type; a valid value is applied, an invalid one is shown.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '../../../renderer/i18n/index.js';
import ParamField from '../../../renderer/components/designer/ParamField.vue';
import { getKind } from '../../../shared/catalog/index.js';

function field(kind: string, name: string, value: unknown, choices?: [string, string][]) {
  const spec = getKind(kind)!.params.find((p) => p.name === name)!;
  return mount(ParamField, { props: { kind, spec, value, choices }, global: { plugins: [i18n] } });
}

describe('ParamField', () => {
  it('applies a valid number and refuses an out-of-range one with the catalog’s reason', async () => {
    setLocale('en');
    const w = field('Dense', 'units', 64);
    const input = w.get('[data-testid="inspector-units"]');
    await input.setValue('0');
    expect(w.emitted('update')).toBeUndefined();
    expect(w.get('[data-testid="inspector-error-units"]').text()).toMatch(/units must be between 1 and/);
    await input.setValue('32');
    expect(w.emitted('update')).toEqual([[32]]);
    expect(w.find('[data-testid="inspector-error-units"]').exists()).toBe(false);
    await input.setValue('3.5');
    expect(w.get('[data-testid="inspector-error-units"]').text()).toMatch(/whole number/);
    await input.setValue('abc');
    expect(w.get('[data-testid="inspector-error-units"]').text()).toBe('Enter a number');
    expect(w.emitted('update')).toHaveLength(1);
  });

  it('reads a list of whole numbers for tower units', async () => {
    const w = field('TaskHead', 'hidden', []);
    const input = w.get('[data-testid="inspector-hidden"]');
    await input.setValue('64, 32');
    await input.setValue('');
    expect(w.emitted('update')).toEqual([[[64, 32]], [[]]]);
    await input.setValue('64, x');
    expect(w.find('[data-testid="inspector-error-hidden"]').exists()).toBe(true);
  });

  it('offers enum options, booleans and dataset choices', async () => {
    const act = field('Dense', 'activation', 'relu');
    await act.get('select').setValue('tanh');
    expect(act.emitted('update')).toEqual([['tanh']]);
    const bias = field('Dense', 'useBias', true);
    await bias.get('input[type=checkbox]').setValue(false);
    expect(bias.emitted('update')).toEqual([[false]]);
    const task = field('TaskHead', 'task', 'left', [['left', 'left'], ['right', 'right']]);
    expect(task.findAll('option').map((o) => o.text())).toEqual(['left', 'right']);
    await task.get('select').setValue('right');
    expect(task.emitted('update')).toEqual([['right']]);
    // a value no longer offered is shown as missing rather than silently replaced
    const gone = field('TaskHead', 'task', 'old', [['left', 'left']]);
    expect(gone.findAll('option')[0].text()).toMatch(/old \(not among the chosen datasets\)/);
  });

  it('speaks Chinese', () => {
    setLocale('zh');
    const w = field('Dense', 'units', 64);
    expect(w.get('label').text()).toContain('单元数');
    setLocale('en');
  });
});
