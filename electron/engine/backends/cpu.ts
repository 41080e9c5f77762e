// @tensorflow/tfjs's pure-JS 'cpu' backend: always there, the last resort.
import type { BackendDefinition } from './types.js';
import { cpuName } from './packages.js';

export const cpu: BackendDefinition = {
  name: 'cpu',
  package: '@tensorflow/tfjs',
  tfName: 'cpu',
  unavailableReason: () => null,
  device: () => `CPU ${cpuName()}, pure JavaScript`,
  load: async () => ({ versions: {} }),
};
