// Persistence in the Designer store: stored designs (save, open, duplicate, delete), import/export, and drafts of unsaved work.
import { watch } from 'vue';
import type { Design, StoredDesign } from '../../../shared/design.js';
import { emptyDesign } from '../../../shared/design.js';
import { getBridge } from '../../api.js';
import { datasetsOf } from '../../designer/ops.js';
import { LAST_DESIGN_KEY } from './history.js';
import { message, type DesignerState, type Snapshot } from './state.js';

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

type Commit = (next: Design, opts?: { key?: string; datasetIds?: string[] }) => void;
type Load = (d: Design, opts?: { id?: string | null; saved?: boolean; datasetIds?: string[] }) => void;

export function usePersistence(s: DesignerState, commit: Commit, load: Load, rememberLast: () => void) {
  const { datasetsStore, design, datasetIds, storedId, savedJson, designs, notice, busy, history, historyTick, snapshotJson, dirty, notify } = s;
  const api = () => getBridge().api;

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

  return { refreshDesigns, save, open, duplicateStored, deleteStored, newDesign, exportJson, importJson, exportKeras, restoreLast };
}
