// Undo/redo for the Designer store: every edit goes through `commit`, which records the state before it.
import { computed } from 'vue';
import type { Design, Position } from '../../../shared/design.js';
import { emptyDesign } from '../../../shared/design.js';
import { cloneDesign, datasetsOf, moveNodes } from '../../designer/ops.js';
import { estimateSize, layoutDesign, overlapping } from '../../designer/layout.js';
import type { DesignerState, Snapshot } from './state.js';

export const LAST_DESIGN_KEY = 'mtlw-last-design';

export function useHistoryActions(s: DesignerState) {
  const { design, datasetIds, storedId, savedJson, selectedNodes, selectedEdges, history, historyTick, snapshotJson } = s;
  const canUndo = computed(() => (historyTick.value, history.canUndo));
  const canRedo = computed(() => (historyTick.value, history.canRedo));

  /** Replace the design (and optionally the datasets) as one undoable step. */
  function commit(next: Design, opts: { key?: string; datasetIds?: string[] } = {}): void {
    history.record(snapshotJson(), { key: opts.key });
    design.value = next;
    if (opts.datasetIds) datasetIds.value = opts.datasetIds;
    historyTick.value++;
  }

  function restore(json: string): void {
    const snap = JSON.parse(json) as Snapshot;
    design.value = snap.design;
    datasetIds.value = snap.datasetIds;
    const ids = new Set(snap.design.nodes.map((n) => n.id));
    const eids = new Set(snap.design.edges.map((e) => e.id));
    selectedNodes.value = selectedNodes.value.filter((id) => ids.has(id));
    selectedEdges.value = selectedEdges.value.filter((id) => eids.has(id));
    historyTick.value++;
  }

  function undo(): void {
    const prev = history.undo(snapshotJson());
    if (prev) restore(prev);
  }

  function redo(): void {
    const next = history.redo(snapshotJson());
    if (next) restore(next);
  }

  /** Start over with this design (open, new, import): history cleared. */
  function load(d: Design, opts: { id?: string | null; saved?: boolean; datasetIds?: string[] } = {}): void {
    // a design whose nodes cover each other (built by the CLI or the API) is laid out before it is shown
    design.value = cloneDesign(overlapping(d) ? moveNodes(d, layoutDesign(d, (id) => estimateSize(d, id))) : d);
    const fromNodes = datasetsOf(d);
    datasetIds.value = opts.datasetIds ?? fromNodes;
    storedId.value = opts.id ?? null;
    selectedNodes.value = [];
    selectedEdges.value = [];
    history.clear();
    historyTick.value++;
    savedJson.value = opts.saved ? snapshotJson() : JSON.stringify({ design: emptyDesign(), datasetIds: [] });
    rememberLast();
  }

  function rememberLast(): void {
    try {
      if (storedId.value) localStorage.setItem(LAST_DESIGN_KEY, storedId.value);
      else localStorage.removeItem(LAST_DESIGN_KEY);
    } catch {
      /* ignore */
    }
  }

  // Dragging: positions follow the pointer without history; the whole drag is one step.
  let dragBefore: string | null = null;
  function beginDrag(): void {
    if (dragBefore === null) dragBefore = snapshotJson();
  }
  function dragTo(positions: Record<string, Position>): void {
    design.value = moveNodes(design.value, positions);
  }
  function endDrag(): void {
    if (dragBefore !== null && dragBefore !== snapshotJson()) {
      history.record(dragBefore);
      historyTick.value++;
    }
    dragBefore = null;
  }

  return { canUndo, canRedo, commit, undo, redo, load, rememberLast, beginDrag, dragTo, endDrag };
}
