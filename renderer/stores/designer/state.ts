// The Designer store's state: refs, derived values (validation, dirty, selection) and the undo stack they share.
import { computed, ref, shallowRef } from 'vue';
import type { Design, DesignNode, StoredDesign } from '../../../shared/design.js';
import { emptyDesign } from '../../../shared/design.js';
import type { DatasetInfo } from '../../../shared/dataset.js';
import { UndoHistory } from '../../designer/history.js';
import type { DesignFragment } from '../../designer/clipboard.js';
import type { Refusal } from '../../designer/connect.js';
import { validate } from '../../designer/catalog.js';
import { useDatasetsStore } from '../datasets.js';
import { useSystemStore } from '../system.js';

/** What undo/redo restores: the design and which datasets it draws on. */
export interface Snapshot {
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

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createDesignerState() {
  const datasetsStore = useDatasetsStore();
  const systemStore = useSystemStore();

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

  const boundDatasets = computed<DatasetInfo[]>(() =>
    datasetIds.value.map((id) => datasetsStore.byId(id)).filter((d): d is DatasetInfo => !!d),
  );
  // Moving nodes changes nothing the validator reads: keep its result while only positions change.
  let lastValidated: { key: string; datasets: DatasetInfo[]; budget?: number; result: ReturnType<typeof validate> } | null = null;
  const validation = computed(() => {
    const d = design.value;
    const key = JSON.stringify([d.nodes.map((n) => [n.id, n.kind, n.params]), d.edges]);
    // the machine's memory budget, once known: a design too large to train is an error while it is drawn
    const budget = systemStore.info?.memoryBudget;
    if (lastValidated && lastValidated.key === key && lastValidated.datasets === boundDatasets.value && lastValidated.budget === budget) return lastValidated.result;
    const result = validate(d, boundDatasets.value, { memoryBudget: budget });
    lastValidated = { key, datasets: boundDatasets.value, budget, result };
    return result;
  });
  const snapshotJson = () => JSON.stringify({ design: design.value, datasetIds: datasetIds.value });
  const dirty = computed(() => snapshotJson() !== savedJson.value);
  const selectedNode = computed<DesignNode | null>(() =>
    selectedNodes.value.length === 1 ? design.value.nodes.find((n) => n.id === selectedNodes.value[0]) ?? null : null,
  );

  function notify(n: Omit<Notice, 'id'>): void {
    notice.value = { ...n, id: ++noticeSeq };
  }

  return {
    datasetsStore, design, datasetIds, storedId, savedJson, selectedNodes, selectedEdges, highlighted, clipboard, designs, notice,
    lastRefusal, busy, history, historyTick, boundDatasets, validation, snapshotJson, dirty, selectedNode, notify,
  };
}

export type DesignerState = ReturnType<typeof createDesignerState>;
