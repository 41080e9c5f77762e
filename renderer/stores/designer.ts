// The Designer's state: the design being edited, its chosen datasets, selection, undo/redo, clipboard,
// and the stored designs. Every edit goes through `commit`, which records the state before it.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { Design, DesignNode, Position, StoredDesign } from '../../shared/design.js';
import { HEAD_KIND, INPUT_KIND, emptyDesign } from '../../shared/design.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { getBridge } from '../api.js';
import { UndoHistory } from '../designer/history.js';
import { copyFragment, duplicateNodes, parseFragment, pasteFragment, type DesignFragment } from '../designer/clipboard.js';
import { addEdge, addNode as addNodeOp, cloneDesign, datasetsOf, moveNodes, removeElements, setParam as setParamOp, updateNode } from '../designer/ops.js';
import { checkConnection, type Connection, type Refusal } from '../designer/connect.js';
import { defaultParams, getKind, validate } from '../designer/catalog.js';
import { layoutDesign, snap } from '../designer/layout.js';
import { useDatasetsStore } from './datasets.js';

/** What undo/redo restores: the design and which datasets it draws on. */
interface Snapshot {
  design: Design;
  datasetIds: string[];
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  /** An i18n key with args, or plain text. */
  key?: string;
  args?: Record<string, unknown>;
  text?: string;
}

const LAST_DESIGN_KEY = 'mtlw-last-design';
/** Unsaved work, kept so that a reload (or a crash) does not lose it. */
const DRAFT_KEY = 'mtlw-design-draft';

interface Draft extends Snapshot {
  storedId: string | null;
}

function readDraft(): Draft | null {
  try {
    const v = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
    return v && v.design && Array.isArray(v.design.nodes) ? v : null;
  } catch {
    return null;
  }
}

/** A node's drawn size before it is measured (for laying out designs that arrive from elsewhere). */
function estimateSize(d: Design, id: string): { width: number; height: number } {
  const n = d.nodes.find((x) => x.id === id);
  const k = n ? getKind(n.kind) : undefined;
  if (k?.block) return { width: 280, height: 96 };
  return { width: 236, height: n?.kind === HEAD_KIND ? 92 : 76 };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const useDesignerStore = defineStore('designer', () => {
  const datasetsStore = useDatasetsStore();
  const api = () => getBridge().api;

  const design = ref<Design>(emptyDesign());
  const datasetIds = ref<string[]>([]);
  const storedId = ref<string | null>(null);
  const savedJson = ref(JSON.stringify({ design: design.value, datasetIds: [] }));
  const selectedNodes = ref<string[]>([]);
  const selectedEdges = ref<string[]>([]);
  /** A node briefly highlighted (from the problems panel). */
  const highlighted = ref<string | null>(null);
  const clipboard = shallowRef<DesignFragment | null>(null);
  const designs = ref<StoredDesign[]>([]);
  const notice = ref<Notice | null>(null);
  const lastRefusal = ref<Refusal | null>(null);
  const busy = ref(false);
  let noticeSeq = 0;

  const history = new UndoHistory<string>(300, 800);
  const historyTick = ref(0);
  const canUndo = computed(() => (historyTick.value, history.canUndo));
  const canRedo = computed(() => (historyTick.value, history.canRedo));

  const boundDatasets = computed<DatasetInfo[]>(() =>
    datasetIds.value.map((id) => datasetsStore.byId(id)).filter((d): d is DatasetInfo => !!d),
  );
  // Moving nodes changes nothing the validator reads: keep its result while only positions change.
  let lastValidated: { key: string; datasets: DatasetInfo[]; result: ReturnType<typeof validate> } | null = null;
  const validation = computed(() => {
    const d = design.value;
    const key = JSON.stringify([d.nodes.map((n) => [n.id, n.kind, n.params]), d.edges]);
    if (lastValidated && lastValidated.key === key && lastValidated.datasets === boundDatasets.value) return lastValidated.result;
    const result = validate(d, boundDatasets.value);
    lastValidated = { key, datasets: boundDatasets.value, result };
    return result;
  });
  const snapshotJson = () => JSON.stringify({ design: design.value, datasetIds: datasetIds.value });
  const dirty = computed(() => snapshotJson() !== savedJson.value);
  const selectedNode = computed<DesignNode | null>(() =>
    selectedNodes.value.length === 1 ? design.value.nodes.find((n) => n.id === selectedNodes.value[0]) ?? null : null,
  );

  // Keep a draft of unsaved work (debounced); drop it once saved.
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  function flushDraft(): void {
    clearTimeout(draftTimer);
    try {
      if (dirty.value && design.value.nodes.length) {
        const draft: Draft = { design: design.value, datasetIds: datasetIds.value, storedId: storedId.value };
        localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
      } else localStorage.removeItem(DRAFT_KEY);
    } catch {
      /* storage full or unavailable */
    }
  }
  watch([design, datasetIds, storedId], () => {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(flushDraft, 300);
  });
  if (typeof window !== 'undefined') window.addEventListener('pagehide', flushDraft);

  function notify(n: Omit<Notice, 'id'>): void {
    notice.value = { ...n, id: ++noticeSeq };
  }

  // ---- history -------------------------------------------------------------------------------------------

  /** Replace the design (and optionally the datasets) as one undoable step. */
  function commit(next: Design, opts: { key?: string; datasetIds?: string[] } = {}): void {
    history.record(snapshotJson(), { key: opts.key });
    design.value = next;
    if (opts.datasetIds) datasetIds.value = opts.datasetIds;
    historyTick.value++;
  }

  function restore(json: string): void {
    const s = JSON.parse(json) as Snapshot;
    design.value = s.design;
    datasetIds.value = s.datasetIds;
    const ids = new Set(s.design.nodes.map((n) => n.id));
    const eids = new Set(s.design.edges.map((e) => e.id));
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
    design.value = cloneDesign(d);
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

  // ---- selection -----------------------------------------------------------------------------------------

  function select(nodeIds: string[], edgeIds: string[] = []): void {
    selectedNodes.value = [...new Set(nodeIds)];
    selectedEdges.value = [...new Set(edgeIds)];
  }

  function selectAll(): void {
    select(design.value.nodes.map((n) => n.id), design.value.edges.map((e) => e.id));
  }

  function setNodeSelected(id: string, on: boolean): void {
    const s = new Set(selectedNodes.value);
    if (on) s.add(id);
    else s.delete(id);
    selectedNodes.value = [...s];
  }

  function setEdgeSelected(id: string, on: boolean): void {
    const s = new Set(selectedEdges.value);
    if (on) s.add(id);
    else s.delete(id);
    selectedEdges.value = [...s];
  }

  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  function highlight(id: string): void {
    select([id]);
    highlighted.value = id;
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(() => (highlighted.value = null), 2400);
  }

  // ---- edits ---------------------------------------------------------------------------------------------

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
  function move(positions: Record<string, Position>, key?: string): void {
    commit(moveNodes(design.value, positions), { key });
  }

  function autoLayout(size?: (id: string) => { width: number; height: number }): void {
    if (!design.value.nodes.length) return;
    commit(moveNodes(design.value, layoutDesign(design.value, size)));
  }

  // ---- clipboard -----------------------------------------------------------------------------------------

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

  // ---- datasets ------------------------------------------------------------------------------------------

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

  // ---- templates, stored designs, import/export ----------------------------------------------------------

  async function applyTemplate(template: string): Promise<boolean> {
    busy.value = true;
    try {
      const built = await api().buildTemplate({ template, datasetIds: datasetIds.value });
      // Templates come laid out left to right; the canvas flows top to bottom.
      const d = moveNodes(built, layoutDesign(built, (id) => estimateSize(built, id)));
      // A stored design keeps its name; a new one takes the template's.
      const name = storedId.value ? design.value.name : d.name;
      commit({ ...d, name: name || d.name }, { datasetIds: datasetIds.value.length ? datasetIds.value : datasetsOf(d) });
      select([]);
      return true;
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function refreshDesigns(): Promise<void> {
    try {
      designs.value = await api().listDesigns();
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
    }
  }

  async function save(opts: { name?: string; notes?: string; asNew?: boolean } = {}): Promise<StoredDesign | null> {
    busy.value = true;
    try {
      const d: Design = { ...design.value, name: opts.name ?? design.value.name, notes: opts.notes ?? design.value.notes };
      if (d.name !== design.value.name || d.notes !== design.value.notes) commit(d);
      const stored = await api().saveDesign({ id: opts.asNew ? undefined : storedId.value ?? undefined, name: d.name, notes: d.notes ?? '', design: d });
      storedId.value = stored.id;
      savedJson.value = snapshotJson();
      rememberLast();
      notify({ kind: 'info', key: 'designer.saved', args: { name: stored.name } });
      void refreshDesigns();
      return stored;
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function open(id: string): Promise<boolean> {
    busy.value = true;
    try {
      const s = await api().getDesign(id);
      await datasetsStore.ensureLoaded();
      load({ ...s.design, name: s.name, notes: s.notes || s.design.notes }, { id: s.id, saved: true });
      return true;
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function duplicateStored(id: string, copyName: string): Promise<void> {
    try {
      const s = await api().getDesign(id);
      await api().saveDesign({ name: copyName, notes: s.notes, design: { ...s.design, name: copyName } });
      await refreshDesigns();
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
    }
  }

  async function deleteStored(id: string): Promise<void> {
    try {
      await api().deleteDesign(id);
      if (storedId.value === id) {
        storedId.value = null;
        savedJson.value = JSON.stringify({ design: emptyDesign(), datasetIds: [] });
        rememberLast();
      }
      await refreshDesigns();
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
    }
  }

  function newDesign(name?: string): void {
    load(emptyDesign(name), { saved: true, datasetIds: datasetIds.value });
  }

  function exportJson(): string {
    return JSON.stringify({ ...design.value, datasets: datasetIds.value }, null, 2);
  }

  /** Accepts a Design, a StoredDesign ({ design }) or an exported file; returns false if it is none of them. */
  function importJson(text: string): boolean {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return false;
    }
    const obj = v as Partial<Design> & { design?: Design; datasets?: unknown };
    const d = (obj && Array.isArray(obj.nodes) ? obj : obj?.design) as Design | undefined;
    if (!d || !Array.isArray(d.nodes) || !Array.isArray(d.edges)) return false;
    const ok = d.nodes.every((n) => n && typeof n.id === 'string' && typeof n.kind === 'string') && d.edges.every((e) => e && typeof e.source === 'string' && typeof e.target === 'string');
    if (!ok) return false;
    const clean: Design = {
      version: 1,
      name: typeof d.name === 'string' ? d.name : 'Imported design',
      notes: typeof d.notes === 'string' ? d.notes : undefined,
      nodes: d.nodes.map((n) => ({ id: n.id, kind: n.kind, params: n.params ?? {}, position: n.position ?? { x: 0, y: 0 }, ...(n.label ? { label: n.label } : {}) })),
      edges: d.edges.map((e) => ({ id: e.id ?? `e_${e.source}-${e.target}`, source: e.source, sourcePort: e.sourcePort ?? 'out', target: e.target, targetPort: e.targetPort ?? 'in' })),
    };
    const ds = Array.isArray(obj.datasets) ? (obj.datasets as unknown[]).filter((x): x is string => typeof x === 'string') : datasetsOf(clean);
    load(clean, { datasetIds: ds });
    return true;
  }

  async function exportKeras(): Promise<string | null> {
    try {
      return await api().exportDesignKeras(design.value);
    } catch (e) {
      notify({ kind: 'error', text: message(e) });
      return null;
    }
  }

  /** At start: reopen the design named in the address or the last one opened, with any unsaved draft of it. */
  async function restoreLast(id?: string): Promise<void> {
    const draft = readDraft();
    let last = id;
    if (!last) {
      try {
        last = localStorage.getItem(LAST_DESIGN_KEY) ?? undefined;
      } catch {
        /* ignore */
      }
    }
    if (last) {
      const ok = await open(last);
      if (!ok) {
        notice.value = null;
        try {
          localStorage.removeItem(LAST_DESIGN_KEY);
        } catch {
          /* ignore */
        }
      }
    }
    const target = last && storedId.value === last ? last : null;
    if (draft && (draft.storedId ?? null) === target) {
      // the draft's edits on top of what is stored: unsaved, and undoable back to the stored design
      history.record(snapshotJson());
      design.value = draft.design;
      datasetIds.value = draft.datasetIds ?? datasetsOf(draft.design);
      historyTick.value++;
      notify({ kind: 'info', key: 'designer.draftRestored' });
    }
  }

  return {
    design, datasetIds, storedId, selectedNodes, selectedEdges, highlighted, clipboard, designs, notice, lastRefusal, busy,
    canUndo, canRedo, boundDatasets, validation, dirty, selectedNode,
    notify, commit, undo, redo, load, select, selectAll, setNodeSelected, setEdgeSelected, highlight,
    addNode, canConnect, connect, deleteSelection, deleteEdge, setParam, setLabel, setName, setNotes,
    beginDrag, dragTo, endDrag, move, autoLayout, copy, cut, paste, duplicate,
    setDatasets, toggleDataset, addInputFor, addHeadsForEveryTask,
    applyTemplate, refreshDesigns, save, open, duplicateStored, deleteStored, newDesign, exportJson, importJson, exportKeras, restoreLast,
  };
});
