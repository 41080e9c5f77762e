// MMoE (Ma et al. 2018): shared experts, one softmax gate per task mixing them.
import { pyActivation, single } from '../common.js';
import { defineKind } from '../define.js';
import { blockPorts, EXPERT_ACTIVATION, EXPERT_UNITS, inferExperts, moeLevelCost, numTasksParam } from '../experts.js';

export const MMoE = defineKind({
  kind: 'MMoE',
  group: 'mtl-blocks',
  label: 'MMoE',
  description:
    'Multi-gate mixture of experts: several experts (Dense layers) see the same input; each task has its own softmax gate that mixes them into its output port.',
  block: true,
  params: [
    numTasksParam(),
    { name: 'numExperts', type: 'int', default: 4, min: 1, max: 256, label: 'Experts', description: 'Number of shared experts.' },
    EXPERT_UNITS,
    EXPERT_ACTIVATION,
  ],
  ports: blockPorts,
  infer: inferExperts,
  countParams(inputs, p) {
    return moeLevelCost(single(inputs)![0] ?? 0, p.expertUnits, p.numExperts, Array(p.numTasks).fill(p.numExperts)).params;
  },
  countMacs(inputs, p) {
    return moeLevelCost(single(inputs)![0] ?? 0, p.expertUnits, p.numExperts, Array(p.numTasks).fill(p.numExperts)).macs;
  },
  keras: (p) => ({
    call: 'MMoE',
    kwargs: { num_tasks: p.numTasks, num_experts: p.numExperts, expert_units: p.expertUnits, expert_activation: pyActivation(p.expertActivation) },
  }),
});
