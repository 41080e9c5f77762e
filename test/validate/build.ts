// Small helpers to write designs in tests.
import type { Design, DesignEdge, DesignNode } from '../../shared/design.js';

export const node = (id: string, kind: string, params: Record<string, unknown> = {}): DesignNode => ({
  id,
  kind,
  params,
  position: { x: 0, y: 0 },
});

let n = 0;
export const edge = (source: string, target: string, sourcePort = 'out', targetPort = 'in', id?: string): DesignEdge => ({
  id: id ?? `e${++n}`,
  source,
  sourcePort,
  target,
  targetPort,
});

export const design = (nodes: DesignNode[], edges: DesignEdge[]): Design => ({ version: 1, name: 'test', nodes, edges });

/** MultiLeNet on MultiFashion ('mf'), hand-written. */
export function multiLeNet(): Design {
  return design(
    [
      node('in', 'Input', { dataset: 'mf', feature: 'image' }),
      node('conv1', 'Conv2D', { filters: 10, kernelSize: 5 }),
      node('pool1', 'MaxPool2D', { poolSize: 2 }),
      node('relu1', 'Activation', { activation: 'relu' }),
      node('conv2', 'Conv2D', { filters: 20, kernelSize: 5 }),
      node('pool2', 'MaxPool2D', { poolSize: 2 }),
      node('relu2', 'Activation', { activation: 'relu' }),
      node('flat', 'Flatten'),
      node('fc', 'Dense', { units: 50, activation: 'relu' }),
      node('left', 'TaskHead', { dataset: 'mf', task: 'left', hidden: [50] }),
      node('right', 'TaskHead', { dataset: 'mf', task: 'right', hidden: [50] }),
    ],
    [
      edge('in', 'conv1', 'out', 'in', 'e_in'),
      edge('conv1', 'pool1', 'out', 'in', 'e_c1'),
      edge('pool1', 'relu1'),
      edge('relu1', 'conv2'),
      edge('conv2', 'pool2'),
      edge('pool2', 'relu2'),
      edge('relu2', 'flat', 'out', 'in', 'e_flat'),
      edge('flat', 'fc', 'out', 'in', 'e_fc'),
      edge('fc', 'left'),
      edge('fc', 'right'),
    ],
  );
}
