// Multi-input designs shared by the model-builder tests.
import type { Design } from '../../../shared/design.js';
import { D, dataset, multiclass, regression } from './fixtures.js';

export const img2 = dataset('digits', [{ name: 'image', kind: 'image', shape: [8, 8, 1] }], [multiclass('digit', 10)]);
export const vec1 = dataset('table', [{ name: 'x', kind: 'vector', size: 5, columns: [] }], [regression('y')]);

/** Image branch (conv) and vector branch meeting in one shared Dense (alternative edges), one head per dataset. */
export function twoDatasetDesign(): Design {
  return new D()
    .node('imgIn', 'Input', { dataset: 'digits', feature: 'image' })
    .chain('imgIn', 'conv', 'Conv2D', { filters: 4, kernelSize: 3, activation: 'relu' })
    .chain('conv', 'flat', 'Flatten')
    .chain('flat', 'imgEnc', 'Dense', { units: 8 })
    .node('vecIn', 'Input', { dataset: 'table', feature: 'x' })
    .chain('vecIn', 'vecEnc', 'Dense', { units: 8 })
    .node('trunk', 'Dense', { units: 6 })
    .edge('imgEnc', 'trunk')
    .edge('vecEnc', 'trunk')
    .chain('trunk', 'hDigit', 'TaskHead', { dataset: 'digits', task: 'digit' })
    .chain('trunk', 'hY', 'TaskHead', { dataset: 'table', task: 'y' })
    .design('two datasets');
}
