// Dataset binding and templates in the Designer store: chosen datasets, inputs and heads for them, built templates.
import type { Design, Position } from '../../../shared/design.js';
import { HEAD_KIND, INPUT_KIND } from '../../../shared/design.js';
import { getBridge } from '../../api.js';
import { addEdge, addNode as addNodeOp, datasetsOf, moveNodes } from '../../designer/ops.js';
import { checkConnection } from '../../designer/connect.js';
import { defaultParams, getKind, validate } from '../../designer/catalog.js';
import { estimateSize, layoutDesign, snap } from '../../designer/layout.js';
import { message, type DesignerState } from './state.js';

type Commit = (next: Design, opts?: { key?: string; datasetIds?: string[] }) => void;
type Select = (nodeIds: string[], edgeIds?: string[]) => void;
type AddNode = (kind: string, position: Position, params?: Record<string, unknown>) => string | null;
type Load = (d: Design, opts?: { id?: string | null; saved?: boolean; datasetIds?: string[] }) => void;

export function useDatasetActions(s: DesignerState, commit: Commit, select: Select, addNode: AddNode, load: Load) {
  const { design, datasetIds, boundDatasets, selectedNode, busy, notify } = s;
  const api = () => getBridge().api;

  function setDatasets(ids: string[]): void {
    if (JSON.stringify(ids) === JSON.stringify(datasetIds.value)) return;
    commit(design.value, { datasetIds: [...ids] });
  }

  function toggleDataset(id: string, on: boolean): void {
    setDatasets(on ? [...datasetIds.value.filter((x) => x !== id), id] : datasetIds.value.filter((x) => x !== id));
  }

  /** Add an Input bound to a dataset feature, below-left of the design. */
  function addInputFor(datasetId: string, feature: string): string | null {
    const xs = design.value.nodes.map((n) => n.position.x);
    const inputs = design.value.nodes.filter((n) => n.kind === INPUT_KIND);
    const x = inputs.length ? Math.max(...inputs.map((n) => n.position.x)) + 240 : xs.length ? Math.min(...xs) : 0;
    const y = inputs.length ? Math.min(...inputs.map((n) => n.position.y)) : 0;
    return addNode(INPUT_KIND, { x, y }, { ...defaultParams(INPUT_KIND), dataset: datasetId, feature });
  }

  /** One TaskHead for every task of the chosen datasets that has none; wired to the selected node where it fits. */
  function addHeadsForEveryTask(): string[] {
    const have = new Set(design.value.nodes.filter((n) => n.kind === HEAD_KIND).map((n) => `${n.params.dataset}/${n.params.task}`));
    const missing: { dataset: string; task: string }[] = [];
    for (const d of boundDatasets.value) for (const t of d.tasks) if (!have.has(`${d.id}/${t.name}`)) missing.push({ dataset: d.id, task: t.name });
    if (!missing.length) {
      notify({ kind: 'info', key: 'designer.data.allHeads' });
      return [];
    }
    const src = selectedNode.value;
    const srcKind = src ? getKind(src.kind) : undefined;
    const outs = src && srcKind ? srcKind.ports(src.params).outputs : [];
    const nodes = design.value.nodes;
    const bottom = nodes.length ? Math.max(...nodes.map((n) => n.position.y)) + 160 : 0;
    const left = src ? src.position.x - ((missing.length - 1) * 240) / 2 : nodes.length ? Math.min(...nodes.map((n) => n.position.x)) : 0;
    let next = design.value;
    const ids: string[] = [];
    missing.forEach((m, i) => {
      const r = addNodeOp(next, {
        kind: HEAD_KIND,
        params: { ...defaultParams(HEAD_KIND), dataset: m.dataset, task: m.task },
        position: { x: snap(left + i * 240), y: snap(src ? src.position.y + 200 : bottom) },
      });
      next = r.design;
      ids.push(r.id);
      if (src && outs.length) {
        const port = outs.length > 1 ? outs[i] : outs[0];
        if (port) {
          const c = { source: src.id, sourcePort: port, target: r.id, targetPort: 'in' };
          if (!checkConnection(next, c, { getKind, datasets: boundDatasets.value, validation: validate(next, boundDatasets.value) })) next = addEdge(next, c).design;
        }
      }
    });
    commit(next);
    select(ids);
    return ids;
  }

  /**
   * A template starts a new, unsaved design named after it (never the open design's identity: saving it must
   * not overwrite a stored design, and its runs are filed under the new name).
   */
  async function applyTemplate(template: string, name?: string, fit?: { width: number; height: number }): Promise<boolean> {
    busy.value = true;
    try {
      const built = await api().buildTemplate({ template, datasetIds: datasetIds.value });
      // Templates come laid out left to right; the canvas flows top to bottom, folded to fit the view.
      const d = moveNodes(built, layoutDesign(built, (id) => estimateSize(built, id), { fit }));
      load({ ...d, name: name || d.name, notes: undefined }, { id: null, saved: false, datasetIds: datasetIds.value.length ? datasetIds.value : datasetsOf(d) });
      return true;
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { setDatasets, toggleDataset, addInputFor, addHeadsForEveryTask, applyTemplate };
}
