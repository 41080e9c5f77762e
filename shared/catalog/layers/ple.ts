// PLE (Tang et al. 2020): CGC levels stacked; every level but the last also gates a shared output for the next.
import { pyActivation, single } from '../common.js';
import { defineKind } from '../define.js';
import { blockPorts, EXPERT_ACTIVATION, EXPERT_UNITS, inferExperts, numTasksParam, pleCost } from '../experts.js';
import { checkExperts, SHARED_EXPERTS, TASK_EXPERTS } from './cgc.js';

export const PLE = defineKind({
  kind: 'PLE',
  group: 'mtl-blocks',
  label: 'PLE',
  description:
    "Progressive layered extraction: CGC levels stacked. At each level a task's gate mixes its own and the shared experts; a shared gate mixes all experts into the next level's shared input.",
  block: true,
  params: [
    numTasksParam(),
    { name: 'levels', type: 'int', default: 2, min: 1, max: 16, label: 'Levels', description: 'Number of stacked extraction levels.' },
    SHARED_EXPERTS,
    TASK_EXPERTS,
    EXPERT_UNITS,
    EXPERT_ACTIVATION,
  ],
  check: checkExperts,
  ports: blockPorts,
  infer: inferExperts,
  countParams(inputs, p) {
    return pleCost(single(inputs)![0] ?? 0, p).params;
  },
  countMacs(inputs, p) {
    return pleCost(single(inputs)![0] ?? 0, p).macs;
  },
  keras: (p) => ({
    call: 'PLE',
    kwargs: {
      num_tasks: p.numTasks,
      levels: p.levels,
      shared_experts: p.sharedExperts,
      task_experts: p.taskExperts,
      expert_units: p.expertUnits,
      expert_activation: pyActivation(p.expertActivation),
    },
  }),
});
