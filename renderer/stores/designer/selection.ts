// Selection and clipboard actions of the Designer store: select, highlight, copy, cut, paste, duplicate.
import type { Design, Position } from '../../../shared/design.js';
import { copyFragment, duplicateNodes, parseFragment, pasteFragment } from '../../designer/clipboard.js';
import { removeElements } from '../../designer/ops.js';
import type { DesignerState } from './state.js';

type Commit = (next: Design, opts?: { key?: string; datasetIds?: string[] }) => void;

export function useSelectionActions(s: DesignerState, commit: Commit) {
  const { design, selectedNodes, selectedEdges, highlighted, clipboard } = s;

  function select(nodeIds: string[], edgeIds: string[] = []): void {
    selectedNodes.value = [...new Set(nodeIds)];
    selectedEdges.value = [...new Set(edgeIds)];
  }

  function selectAll(): void {
    select(design.value.nodes.map((n) => n.id), design.value.edges.map((e) => e.id));
  }

  function setNodeSelected(id: string, on: boolean): void {
    const set = new Set(selectedNodes.value);
    if (on) set.add(id);
    else set.delete(id);
    selectedNodes.value = [...set];
  }

  function setEdgeSelected(id: string, on: boolean): void {
    const set = new Set(selectedEdges.value);
    if (on) set.add(id);
    else set.delete(id);
    selectedEdges.value = [...set];
  }

  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  function highlight(id: string): void {
    select([id]);
    highlighted.value = id;
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(() => (highlighted.value = null), 2400);
  }

  function copy(): boolean {
    const f = copyFragment(design.value, selectedNodes.value);
    if (!f) return false;
    clipboard.value = f;
    try {
      void navigator.clipboard?.writeText(JSON.stringify(f, null, 2)).catch(() => undefined);
    } catch {
      /* no system clipboard: the in-app one still works */
    }
    return true;
  }

  function cut(): boolean {
    if (!copy()) return false;
    commit(removeElements(design.value, selectedNodes.value));
    select([]);
    return true;
  }

  let pasteCount = 0;
  /** Paste the in-app clipboard (or text from the system clipboard); at = top-left in flow coordinates. */
  function paste(text?: string, at?: Position): boolean {
    const f = text ? parseFragment(text) : clipboard.value;
    if (!f) return false;
    pasteCount = f === clipboard.value ? pasteCount + 1 : 1;
    const r = pasteFragment(design.value, f, at ? { at } : { offset: { x: 32 * pasteCount, y: 32 * pasteCount } });
    commit(r.design);
    select(r.nodeIds, r.edgeIds);
    return true;
  }

  function duplicate(): boolean {
    const r = duplicateNodes(design.value, selectedNodes.value, { x: 32, y: 32 });
    if (!r.nodeIds.length) return false;
    commit(r.design);
    select(r.nodeIds);
    return true;
  }

  return { select, selectAll, setNodeSelected, setEdgeSelected, highlight, copy, cut, paste, duplicate };
}
