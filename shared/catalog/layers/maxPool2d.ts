// MaxPool2D: the largest value of each window.
import { pool2d } from '../pooling.js';

export const MaxPool2D = pool2d(
  'MaxPool2D',
  'MaxPool2D',
  'Keeps the largest value of each window per channel, shrinking height and width (no weights, no multiply-adds).',
  false,
);
