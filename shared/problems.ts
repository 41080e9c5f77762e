// What the validator (validate.ts) returns: problems naming their node, the inferred shapes, each node's facts.
export type Shape = (number | null)[];

export interface Problem {
  severity: 'error' | 'warning';
  /** The node (or edge) at fault, so the UI can select it. */
  nodeId?: string;
  edgeId?: string;
  /** A stable code, e.g. 'cycle', 'unconnected-port', 'shape-mismatch', 'head-no-task', 'input-no-feature', 'unknown-kind', 'bad-param'. */
  code: string;
  /** Says what is wrong and what to do, in English; the UI may translate by code. */
  message: string;
  /**
   * The values `message` interpolates (node, shapes, param, expected and actual values, dataset and task
   * names...), for a UI that words the problem in another language. Its key is `code`, or
   * `<code>.<variant>` where one code has several sentences (args.variant); an arg named `$name` holds the
   * key of a nested phrase worded with the same args. shared/catalog/messages.ts has the English of each key.
   */
  args?: Record<string, string | number>;
}

export interface NodeFacts {
  /** Output shape per output port, batch dimension excluded. */
  outputShapes: Record<string, Shape>;
  params: number;
  macs: number;
}

export interface ValidationResult {
  ok: boolean;
  problems: Problem[];
  nodes: Record<string, NodeFacts>;
  /** Shape flowing along each edge, by edge id. */
  edgeShapes: Record<string, Shape>;
  totals: { params: number; macs: number };
}
