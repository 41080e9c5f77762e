// Cross-stitch unit (Misra et al. 2016): K task columns of equal shape mixed by a learned K×K matrix.
import { formatShape, shapesEqual, sizeOrOne } from '../../shapes.js';
import { defineKind } from '../define.js';
import { numTasksParam, portCount, taskPorts } from '../experts.js';
import type { Shape } from '../types.js';
import { failure } from '../messages.js';

export function stitchInputs(k: number): string[] {
  return Array.from({ length: portCount(k) }, (_, i) => `in${i}`);
}

export const CrossStitch = defineKind({
  kind: 'CrossStitch',
  group: 'mtl-blocks',
  label: 'Cross-stitch',
  description:
    "Mixes K task columns: output task i is a learned linear combination (a K×K matrix, initialised near the identity) of inputs in0..in{K-1}, which must have the same shape.",
  block: true,
  params: [numTasksParam()],
  ports: (p) => ({ inputs: stitchInputs(p.numTasks).map((name) => ({ name, multiple: false })), outputs: taskPorts(p.numTasks) }),
  infer(inputs, p) {
    const xs: Shape[] = [];
    for (let i = 0; i < p.numTasks; i++) {
      const x = inputs[i]?.[0];
      if (!x) return failure('infer.stitch-missing', { column: i });
      xs.push(x);
    }
    if (xs.some((s) => !shapesEqual(s, xs[0]))) {
      return failure('infer.stitch-differ', { shapes: xs.map(formatShape).join(', ') });
    }
    const outputs: Record<string, Shape> = {};
    for (const port of taskPorts(p.numTasks)) outputs[port] = [...xs[0]];
    return { outputs };
  },
  countParams(_inputs, p) {
    return p.numTasks * p.numTasks;
  },
  countMacs(inputs, p) {
    return p.numTasks * p.numTasks * sizeOrOne(inputs[0][0]);
  },
  keras: (p) => ({ call: 'CrossStitch', kwargs: { num_tasks: p.numTasks } }),
});
