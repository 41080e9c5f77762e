// Dataset descriptions for renderer tests: what the Node side returns for small real datasets.
import type { DatasetInfo } from '../../../shared/dataset.js';

function info(id: string, name: string, source: string, tasks: DatasetInfo['tasks']): DatasetInfo {
  return {
    id,
    name,
    spec: { source, options: { limit: 400 }, seed: 1 },
    features: [{ name: 'image', kind: 'image', shape: [28, 28, 1] }],
    tasks,
    rows: 400,
    splits: { train: 320, validation: 40, test: 40 },
    stats: [],
    balance: [],
    checksum: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

const ten = (names: string[]) => names;
const CLOTHES = ten(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
const DIGITS = ten(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

export const MULTI_FASHION = info('ds-mf', 'MultiFashion', 'multi-fashion', [
  { name: 'left', kind: 'multiclass', classes: CLOTHES },
  { name: 'right', kind: 'multiclass', classes: CLOTHES },
]);
export const MNIST = info('ds-mnist', 'MNIST', 'mnist', [{ name: 'digit', kind: 'multiclass', classes: DIGITS }]);
export const FASHION = info('ds-fashion', 'Fashion-MNIST', 'fashion-mnist', [{ name: 'clothing', kind: 'multiclass', classes: CLOTHES }]);
