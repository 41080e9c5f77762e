// PLE (Tang et al. 2020): CGC stacked in 2 levels.
import { expertsDesign } from './experts.js';
import type { Template } from './types.js';

export const ple: Template = {
  name: 'ple',
  label: 'PLE',
  description: 'Progressive layered extraction: two CGC levels (2 shared experts, 1 per task each), a head per task.',
  build: (datasets) => expertsDesign('ple', 'PLE', { levels: 2, sharedExperts: 2, taskExperts: 1 }, datasets, 'PLE'),
};
