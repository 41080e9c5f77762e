// MMoE (Ma et al. 2018): shared experts, a gate per task.
import { expertsDesign } from './experts.js';
import type { Template } from './types.js';

export const mmoe: Template = {
  name: 'mmoe',
  label: 'MMoE',
  description: 'Multi-gate mixture of experts: 4 shared experts, one softmax gate per task, a head per task.',
  build: (datasets) => expertsDesign('mmoe', 'MMoE', { numExperts: 4 }, datasets, 'MMoE'),
};
