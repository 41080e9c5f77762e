// AvgPool2D: the mean of each window.
import { pool2d } from '../pooling.js';

export const AvgPool2D = pool2d(
  'AvgPool2D',
  'AvgPool2D',
  'Averages each window per channel, shrinking height and width (no weights; one add per window element).',
  true,
);
