// CGC (Tang et al. 2020): shared and task-specific experts, one level.
import { expertsDesign } from './experts.js';
import type { Template } from './types.js';

export const cgc: Template = {
  name: 'cgc',
  label: 'CGC',
  description: "Customized gate control: 2 shared experts and 1 expert per task; each task's gate mixes its own and the shared ones.",
  build: (datasets) => expertsDesign('cgc', 'CGC', { sharedExperts: 2, taskExperts: 1 }, datasets, 'CGC'),
};
