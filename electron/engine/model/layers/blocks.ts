// Shared by the MTL block builders: one multi-output custom layer, its outputs on ports task0..task{K-1}.
import type { NodeLayers } from '../types.js';

type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;
type Variable = import('@tensorflow/tfjs').Variable;

export interface BlockLayer {
  apply(inputs: SymbolicTensor | SymbolicTensor[]): unknown;
  weightsForPorts(ports: string[]): Variable[];
}

/** `allInputs`: the layer takes one tensor per input port (CrossStitch); else the one tensor on port 0. */
export function block(layer: BlockLayer & import('@tensorflow/tfjs').layers.Layer, numTasks: number, allInputs = false): NodeLayers {
  return {
    apply(inputs) {
      const xs = allInputs ? inputs.map((port) => port[0]) : inputs[0][0];
      const outs = layer.apply(xs) as SymbolicTensor | SymbolicTensor[];
      const list = Array.isArray(outs) ? outs : [outs];
      const ports: Record<string, SymbolicTensor> = {};
      for (let k = 0; k < numTasks; k++) ports[`task${k}`] = list[k];
      return ports;
    },
    layers: () => [layer],
    weightsForPorts: (ports) => layer.weightsForPorts(ports),
  };
}
