// CGC (Tang et al. 2020): shared experts plus experts of each task; each task's gate mixes its own and the shared ones.
import { pyActivation, single } from '../common.js';
import { defineKind } from '../define.js';
import { blockPorts, EXPERT_ACTIVATION, EXPERT_UNITS, inferExperts, numTasksParam, pleCost } from '../experts.js';
import { msg, type Msg } from '../messages.js';
import type { ParamSpec } from '../types.js';

export const SHARED_EXPERTS: ParamSpec<'sharedExperts', 'int'> = {
  name: 'sharedExperts',
  type: 'int',
  default: 2,
  min: 0,
  max: 256,
  label: 'Shared experts',
  description: 'Experts every task may use.',
};
export const TASK_EXPERTS: ParamSpec<'taskExperts', 'int'> = {
  name: 'taskExperts',
  type: 'int',
  default: 1,
  min: 0,
  max: 256,
  label: 'Experts per task',
  description: 'Experts of each task alone.',
};

export function checkExperts(p: { sharedExperts: number; taskExperts: number }): Msg[] {
  return p.sharedExperts + p.taskExperts < 1 ? [msg('param.experts', { param: 'sharedExperts' })] : [];
}

export const CGC = defineKind({
  kind: 'CGC',
  group: 'mtl-blocks',
  label: 'CGC',
  description:
    "Customized gate control: shared experts plus each task's own experts; each task's softmax gate mixes its own and the shared experts into its output port (one PLE level).",
  block: true,
  params: [numTasksParam(), SHARED_EXPERTS, TASK_EXPERTS, EXPERT_UNITS, EXPERT_ACTIVATION],
  check: checkExperts,
  ports: blockPorts,
  infer: inferExperts,
  countParams(inputs, p) {
    return pleCost(single(inputs)![0] ?? 0, { ...p, levels: 1 }).params;
  },
  countMacs(inputs, p) {
    return pleCost(single(inputs)![0] ?? 0, { ...p, levels: 1 }).macs;
  },
  keras: (p) => ({
    call: 'PLE',
    kwargs: {
      num_tasks: p.numTasks,
      levels: 1,
      shared_experts: p.sharedExperts,
      task_experts: p.taskExperts,
      expert_units: p.expertUnits,
      expert_activation: pyActivation(p.expertActivation),
    },
  }),
});
