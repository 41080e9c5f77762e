// GRU: gated recurrent unit over a sequence.
import { recurrent } from '../recurrent.js';

export const GRU = recurrent(
  'GRU',
  'GRU',
  'Gated recurrent unit: reads a sequence [length, features] step by step with 3 gates (reset before the recurrent product, as TensorFlow.js); outputs the last state or every state.',
  3,
);
