// Design -> Vue Flow elements: one typed node per design node (input, layer, block, head), edges labelled with shapes.
import type { Edge, Node } from '@vue-flow/core';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design, DesignNode } from '../../shared/design.js';
import { HEAD_KIND, INPUT_KIND } from '../../shared/design.js';
import type { NodeFacts, Problem, Shape, ValidationResult } from '../../shared/problems.js';
import type { LayerKind, PortSpec } from '../../shared/catalog/types.js';
import { getKind } from './catalog.js';

export type NodeType = 'input' | 'layer' | 'block' | 'head' | 'unknown';

export interface NodeData {
  node: DesignNode;
  kind?: LayerKind;
  facts?: NodeFacts;
  problems: Problem[];
  inputs: PortSpec[];
  outputs: string[];
  /** For heads and inputs: the dataset's display name. */
  datasetName?: string;
  /** For block outputs: the task of the head each port feeds (where there is one). */
  portTasks: Record<string, string>;
  highlighted: boolean;
  /** The node's label with dataset ids replaced by dataset names (templates name inputs '<dataset id>: image'). */
  title?: string;
}

export interface EdgeData {
  shape?: Shape;
  problem?: Problem;
  sourcePort: string;
  targetPort: string;
}

export function nodeTypeOf(node: DesignNode, kind?: LayerKind): NodeType {
  if (!kind) return 'unknown';
  if (node.kind === INPUT_KIND) return 'input';
  if (node.kind === HEAD_KIND) return 'head';
  if (kind.block) return 'block';
  return 'layer';
}

export function toFlowNodes(
  design: Design,
  validation: ValidationResult | null,
  datasets: DatasetInfo[],
  selected: Set<string>,
  highlighted: string | null,
): Node<NodeData>[] {
  const problemsBy = new Map<string, Problem[]>();
  for (const p of validation?.problems ?? []) if (p.nodeId) problemsBy.set(p.nodeId, [...(problemsBy.get(p.nodeId) ?? []), p]);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  return design.nodes.map((n) => {
    const kind = getKind(n.kind);
    const ports = kind?.ports(n.params) ?? { inputs: [], outputs: [] };
    const portTasks: Record<string, string> = {};
    if (kind?.block) {
      for (const e of design.edges) {
        if (e.source !== n.id) continue;
        const t = byId.get(e.target);
        if (t?.kind === HEAD_KIND && typeof t.params.task === 'string' && t.params.task) portTasks[e.sourcePort] = t.params.task;
      }
    }
    const ds = typeof n.params.dataset === 'string' ? datasets.find((d) => d.id === n.params.dataset) : undefined;
    return {
      id: n.id,
      type: nodeTypeOf(n, kind),
      position: { ...n.position },
      selected: selected.has(n.id),
      data: {
        node: n,
        kind,
        facts: validation?.nodes[n.id],
        problems: problemsBy.get(n.id) ?? [],
        inputs: ports.inputs,
        outputs: ports.outputs,
        datasetName: ds?.name,
        portTasks,
        highlighted: highlighted === n.id,
        title: n.label ? readableLabel(n.label, datasets) : undefined,
      },
    };
  });
}

export function toFlowEdges(
  design: Design,
  validation: ValidationResult | null,
  selected: Set<string>,
  /** What a screen reader says for an edge, in the interface language. */
  ariaLabel?: (source: string, target: string) => string,
): Edge<EdgeData>[] {
  const problemBy = new Map<string, Problem>();
  for (const p of validation?.problems ?? []) if (p.edgeId && !problemBy.has(p.edgeId)) problemBy.set(p.edgeId, p);
  return design.edges.map((e) => ({
    id: e.id,
    type: 'shape',
    source: e.source,
    target: e.target,
    sourceHandle: e.sourcePort,
    targetHandle: e.targetPort,
    selected: selected.has(e.id),
    ...(ariaLabel ? { ariaLabel: ariaLabel(e.source, e.target) } : {}),
    data: { shape: validation?.edgeShapes[e.id], problem: problemBy.get(e.id), sourcePort: e.sourcePort, targetPort: e.targetPort },
  }));
}

/** A short line of the params that matter most, e.g. "64 · relu" or "32 · 3×3 · same". */
export function paramSummary(node: DesignNode, kind?: LayerKind): string {
  if (!kind) return '';
  const p = kind.withDefaults(node.params);
  const parts: string[] = [];
  for (const s of kind.params) {
    if (['dataset', 'feature', 'task', 'metrics', 'loss', 'lossWeight', 'useBias'].includes(s.name)) continue;
    const v = p[s.name];
    if (v === undefined || v === null || v === '') continue;
    if (s.name === 'activation' && v === 'linear') continue;
    if (Array.isArray(v)) {
      if (v.length) parts.push(v.join('×'));
    } else if (typeof v === 'boolean') {
      if (v) parts.push(s.name);
    } else parts.push(String(v));
    if (parts.length >= 4) break;
  }
  return parts.join(' · ');
}

/** The drag-and-drop type a palette entry carries (its value: the kind). */
export const DRAG_MIME = 'application/x-mtlw-kind';

/** Dataset ids inside a label, shown as the datasets' names. */
export function readableLabel(label: string, datasets: DatasetInfo[]): string {
  let out = label;
  for (const d of datasets) if (d.id && out.includes(d.id)) out = out.split(d.id).join(d.name);
  return out;
}
