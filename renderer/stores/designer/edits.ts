// Edits of the Designer store: add and connect nodes, delete, params, labels, name, notes, move and layout.
import type { Design, Position } from '../../../shared/design.js';
import { HEAD_KIND, INPUT_KIND } from '../../../shared/design.js';
import { addEdge, addNode as addNodeOp, moveNodes, removeElements, setParam as setParamOp, updateNode } from '../../designer/ops.js';
import { checkConnection, type Connection, type Refusal } from '../../designer/connect.js';
import { defaultParams, getKind } from '../../designer/catalog.js';
import { layoutDesign, snap } from '../../designer/layout.js';
import type { DesignerState } from './state.js';

type Commit = (next: Design, opts?: { key?: string; datasetIds?: string[] }) => void;
type Select = (nodeIds: string[], edgeIds?: string[]) => void;

export function useEditActions(s: DesignerState, commit: Commit, select: Select) {
  const { design, boundDatasets, validation, lastRefusal, selectedNodes, selectedEdges } = s;

  /** Sensible first params for a new node: defaults, plus the obvious dataset/feature/task when there is one. */
  function initialParams(kind: string): Record<string, unknown> {
    const p = defaultParams(kind);
    const ds = boundDatasets.value;
    if (kind === INPUT_KIND && ds.length >= 1) {
      const used = new Set(design.value.nodes.filter((n) => n.kind === INPUT_KIND).map((n) => `${n.params.dataset}/${n.params.feature}`));
      for (const d of ds) {
        const f = d.features.find((x) => !used.has(`${d.id}/${x.name}`));
        if (f) {
          p.dataset = d.id;
          p.feature = f.name;
          break;
        }
      }
    }
    if (kind === HEAD_KIND && ds.length >= 1) {
      const used = new Set(design.value.nodes.filter((n) => n.kind === HEAD_KIND).map((n) => `${n.params.dataset}/${n.params.task}`));
      for (const d of ds) {
        const t = d.tasks.find((x) => !used.has(`${d.id}/${x.name}`));
        if (t) {
          p.dataset = d.id;
          p.task = t.name;
          break;
        }
      }
    }
    return p;
  }

  function addNode(kind: string, position: Position, params?: Record<string, unknown>): string | null {
    if (!getKind(kind)) return null;
    const r = addNodeOp(design.value, { kind, params: params ?? initialParams(kind), position: { x: snap(position.x), y: snap(position.y) } });
    commit(r.design);
    select([r.id]);
    return r.id;
  }

  function canConnect(c: Connection): Refusal | null {
    return checkConnection(design.value, c, { getKind, datasets: boundDatasets.value, validation: validation.value });
  }

  function connect(c: Connection): boolean {
    const refusal = canConnect(c);
    if (refusal) {
      lastRefusal.value = refusal;
      return false;
    }
    lastRefusal.value = null;
    commit(addEdge(design.value, c).design);
    return true;
  }

  function deleteSelection(): void {
    if (!selectedNodes.value.length && !selectedEdges.value.length) return;
    commit(removeElements(design.value, selectedNodes.value, selectedEdges.value));
    select([]);
  }

  function deleteEdge(id: string): void {
    commit(removeElements(design.value, [], [id]));
  }

  /** Params of one node; `key` merges consecutive edits of one field into one undo step. */
  function setParam(nodeId: string, name: string, value: unknown): void {
    const node = design.value.nodes.find((n) => n.id === nodeId);
    if (!node || JSON.stringify(node.params[name]) === JSON.stringify(value)) return;
    let next = setParamOp(design.value, nodeId, name, value);
    // A head or input moved to another dataset: its task/feature no longer applies.
    if (name === 'dataset' && (node.kind === HEAD_KIND || node.kind === INPUT_KIND)) {
      const d = boundDatasets.value.find((x) => x.id === value);
      if (node.kind === HEAD_KIND && !d?.tasks.some((t) => t.name === node.params.task)) next = setParamOp(next, nodeId, 'task', d?.tasks[0]?.name ?? '');
      if (node.kind === INPUT_KIND && value && !d?.features.some((f) => f.name === node.params.feature)) next = setParamOp(next, nodeId, 'feature', d?.features[0]?.name ?? '');
    }
    commit(next, { key: `param:${nodeId}:${name}` });
  }

  function setLabel(nodeId: string, label: string): void {
    commit(updateNode(design.value, nodeId, { label: label || undefined }), { key: `label:${nodeId}` });
  }

  function setName(name: string): void {
    if (name === design.value.name) return;
    commit({ ...design.value, name }, { key: 'name' });
  }

  function setNotes(notes: string): void {
    if (notes === (design.value.notes ?? '')) return;
    commit({ ...design.value, notes: notes || undefined }, { key: 'notes' });
  }

  function move(positions: Record<string, Position>, key?: string): void {
    commit(moveNodes(design.value, positions), { key });
  }

  function autoLayout(size?: (id: string) => { width: number; height: number }, fit?: { width: number; height: number }): void {
    if (!design.value.nodes.length) return;
    commit(moveNodes(design.value, layoutDesign(design.value, size, { fit })));
  }

  return { addNode, canConnect, connect, deleteSelection, deleteEdge, setParam, setLabel, setName, setNotes, move, autoLayout };
}
