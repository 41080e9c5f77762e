// LSTM: long short-term memory over a sequence.
import { recurrent } from '../recurrent.js';

export const LSTM = recurrent(
  'LSTM',
  'LSTM',
  'Long short-term memory: reads a sequence [length, features] step by step with 4 gates; outputs the last state or every state.',
  4,
);
