// Small DatasetInfo fixtures and designs for the model-builder tests (no data: the builder needs only specs).
import type { DatasetInfo, FeatureSpec, TaskSpec } from '../../../shared/dataset.js';
import type { Design, DesignEdge, DesignNode } from '../../../shared/design.js';

export function dataset(id: string, features: FeatureSpec[], tasks: TaskSpec[]): DatasetInfo {
  return {
    id,
    name: id,
    spec: { source: 'test', options: {}, seed: 1 },
    features,
    tasks,
    rows: 8,
    splits: { train: 6, validation: 1, test: 1 },
    stats: [],
    balance: [],
    checksum: '0',
    createdAt: '2026-01-01T00:00:00Z',
  };
}

export const multiclass = (name: string, n = 3): TaskSpec => ({ name, kind: 'multiclass', classes: Array.from({ length: n }, (_, i) => `c${i}`) });
export const binary = (name: string): TaskSpec => ({ name, kind: 'binary', classes: ['no', 'yes'] });
export const regression = (name: string): TaskSpec => ({ name, kind: 'regression' });

/** A tiny design builder: nodes by id, edges from 'id' or 'id:port' to 'id' or 'id:port'. */
export class D {
  nodes: DesignNode[] = [];
  edges: DesignEdge[] = [];
  node(id: string, kind: string, params: Record<string, unknown> = {}): this {
    this.nodes.push({ id, kind, params, position: { x: 0, y: 0 } });
    return this;
  }
  edge(from: string, to: string): this {
    const [source, sourcePort = 'out'] = from.split(':');
    const [target, targetPort = 'in'] = to.split(':');
    this.edges.push({ id: `e${this.edges.length}`, source, sourcePort, target, targetPort });
    return this;
  }
  /** node + edge from `from`. */
  chain(from: string, id: string, kind: string, params: Record<string, unknown> = {}): this {
    return this.node(id, kind, params).edge(from, id);
  }
  design(name = 'test'): Design {
    return { version: 1, name, nodes: this.nodes, edges: this.edges };
  }
}
