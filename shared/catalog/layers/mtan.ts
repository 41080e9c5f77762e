// MTAN (Liu, Johns & Davison, CVPR 2019) on a flat input: a shared trunk of Dense levels; at every level each
// task has its own attention module (Dense-ReLU, Dense-sigmoid) that reads the shared level beside the task's
// previous feature (through a Dense shared by the tasks) and masks the shared level element-wise.
import { activationParam, flatError, single } from '../common.js';
import { defineKind } from '../define.js';
import { blockPorts, numTasksParam, taskPorts } from '../experts.js';
import type { Shape } from '../types.js';

export function mtanCost(din: number, p: { numTasks: number; levels: number; units: number }): { params: number; macs: number } {
  const { numTasks: t, levels: l, units: u } = p;
  const trunk = { params: din * u + u + (l - 1) * (u * u + u), macs: din * u + (l - 1) * u * u };
  const f = { params: (l - 1) * (u * u + u), macs: t * (l - 1) * u * u }; // shared weights, run per task
  let attParams = 0;
  let attMacs = 0;
  for (let i = 0; i < l; i++) {
    const inDim = i === 0 ? u : 2 * u;
    attParams += inDim * u + u + u * u + u;
    attMacs += inDim * u + u * u + u; // two Dense layers, then the mask product
  }
  return { params: trunk.params + f.params + t * attParams, macs: trunk.macs + f.macs + t * attMacs };
}

export const MTAN = defineKind({
  kind: 'MTAN',
  group: 'mtl-blocks',
  label: 'MTAN',
  description:
    "Multi-task attention network: a shared trunk of Dense levels; at each level every task's attention module (reading the shared level and the task's previous feature) masks the shared level element-wise; each task's last masked level goes to its output port.",
  block: true,
  params: [
    numTasksParam(),
    { name: 'levels', type: 'int', default: 2, min: 1, max: 16, label: 'Levels', description: 'Dense levels of the shared trunk, each with one attention module per task.' },
    { name: 'units', type: 'int', default: 32, min: 1, max: 65_536, label: 'Units', description: 'Width of every trunk level, mask and task output.' },
    { ...activationParam('relu'), description: 'Activation of the shared trunk levels.' },
  ],
  ports: blockPorts,
  infer(inputs, p) {
    const x = single(inputs);
    const err = flatError(x);
    if (err) return err;
    const outputs: Record<string, Shape> = {};
    for (const port of taskPorts(p.numTasks)) outputs[port] = [p.units];
    return { outputs };
  },
  countParams: (inputs, p) => mtanCost(single(inputs)![0] ?? 0, p).params,
  countMacs: (inputs, p) => mtanCost(single(inputs)![0] ?? 0, p).macs,
  keras: (p) => ({ call: 'MTAN', kwargs: { num_tasks: p.numTasks, levels: p.levels, units: p.units, activation: p.activation } }),
});
