// DSelect-k (Hazimeh et al., NeurIPS 2021): 8 shared experts, a differentiable top-2 gate per task.
import { expertsDesign } from './experts.js';
import type { Template } from './types.js';

export const dselectK: Template = {
  name: 'dselect-k',
  label: 'DSelect-k',
  description: 'Mixture of experts with a differentiable top-k gate: 8 shared experts, each task’s gate selects 2 of them; a head per task.',
  build: (datasets) => expertsDesign('dselect-k', 'DSelectK', { numExperts: 8, k: 2 }, datasets, 'DSelect-k'),
};
