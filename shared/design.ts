// The design: a graph of inputs, layers, MTL blocks and task heads.
// Pure data, JSON-serialisable; the catalog (catalog/) says what each `kind` means.

export interface Position {
  x: number;
  y: number;
}

export interface DesignNode {
  id: string;
  /** A key of the layer catalog, e.g. 'Input', 'Dense', 'Conv2D', 'MMoE', 'TaskHead'. */
  kind: string;
  /** Parameters, validated against the catalog entry's schema. */
  params: Record<string, unknown>;
  position: Position;
  label?: string;
}

/** An edge from an output port of one node to an input port of another. Port names come from the catalog. */
export interface DesignEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export interface Design {
  version: 1;
  name: string;
  notes?: string;
  nodes: DesignNode[];
  edges: DesignEdge[];
}

/**
 * Conventions the catalog, validator, builder and UI share:
 * - 'Input' params: { dataset: string (dataset id, or '' = fed from each head's own dataset by feature name),
 *   feature: string (feature name) }, one output port 'out'.
 * - 'TaskHead' params: { dataset: string, task: string, hidden: number[] (tower units, may be empty),
 *   activation, lossWeight: number, loss?: string, metrics?: string[] }, one input port 'in', no outputs.
 *   Its last projection is sized from the task (classes, 1 for binary/regression).
 * - Ordinary layers: input port 'in' (merge layers accept several edges on 'in', in edge order), output 'out'.
 * - MTL blocks (MMoE, CGC, PLE, CrossStitch): params.numTasks = K, output ports 'task0'..'task{K-1}'.
 *   CrossStitch also has K input ports 'in0'..'in{K-1}'.
 * - Multi-input routing (tasks from different datasets): a non-merge input port may have several incoming
 *   edges only as alternatives, one per dataset route. For a head of dataset D the forward pass takes, at each
 *   such port, the one edge whose upstream Inputs can all be fed from D. So an image branch and a text
 *   branch can both feed one shared Dense, whose weights then serve both tasks. Merge layers (Concatenate,
 *   Add) take all their edges as operands instead. The validator reports a head with no route or with two.
 */
export const INPUT_KIND = 'Input';
export const HEAD_KIND = 'TaskHead';

/** The datasets a design draws on: those its Inputs and task heads name, in the order they first appear. */
export function designDatasetIds(design: Design): string[] {
  const ids = new Set<string>();
  for (const n of design.nodes) {
    if (n.kind !== INPUT_KIND && n.kind !== HEAD_KIND) continue;
    const d = n.params?.dataset;
    if (typeof d === 'string' && d) ids.add(d);
  }
  return [...ids];
}

export interface StoredDesign {
  id: string;
  name: string;
  notes: string;
  design: Design;
  createdAt: string;
  updatedAt: string;
}

export function emptyDesign(name = 'Untitled design'): Design {
  return { version: 1, name, nodes: [], edges: [] };
}
