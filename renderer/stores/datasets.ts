// Datasets: the list, the sources that can make one, previews; the only place that calls the dataset API.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BuiltinRequest, ImportFilePreview, ImportFileRequest, ImportRequest } from '../../shared/api.js';
import type { DatasetInfo, DatasetPreview } from '../../shared/dataset.js';
import { getBridge } from '../api.js';

export interface DatasetSource {
  name: string;
  label: string;
  description: string;
  available: boolean;
  reason?: string;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<DatasetInfo[]>([]);
  const sources = ref<DatasetSource[]>([]);
  const previews = ref<Record<string, DatasetPreview>>({});
  const loaded = ref(false);
  const loading = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);

  const api = () => getBridge().api;

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const [ds, src] = await Promise.all([api().listDatasets(), api().listDatasetSources()]);
      list.value = ds;
      sources.value = src;
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = message(e);
    } finally {
      loading.value = false;
    }
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load();
  }

  function byId(id: string): DatasetInfo | undefined {
    return list.value.find((d) => d.id === id);
  }

  async function createBuiltin(req: BuiltinRequest): Promise<DatasetInfo> {
    busy.value = true;
    try {
      const info = await api().createBuiltinDataset(req);
      list.value = [...list.value.filter((d) => d.id !== info.id), info];
      return info;
    } finally {
      busy.value = false;
    }
  }

  async function importDataset(req: ImportRequest): Promise<DatasetInfo> {
    busy.value = true;
    try {
      const info = await api().importDataset(req);
      list.value = [...list.value.filter((d) => d.id !== info.id), info];
      return info;
    } finally {
      busy.value = false;
    }
  }

  /** A path the Node side can import from for a file picked in the page (web mode uploads it first). */
  async function fileForImport(file: File): Promise<string> {
    const bridge = getBridge();
    if (!bridge.fileForImport) throw new Error(`${file.name}: this transport cannot take a picked file; type its path instead.`);
    return bridge.fileForImport(file);
  }

  /** A CSV file's first rows and detected column types, before import. */
  async function previewFile(req: ImportFileRequest): Promise<ImportFilePreview> {
    return api().previewImportFile(req);
  }

  async function remove(id: string): Promise<void> {
    await api().deleteDataset(id);
    list.value = list.value.filter((d) => d.id !== id);
    const { [id]: _, ...rest } = previews.value;
    previews.value = rest;
  }

  async function preview(id: string, rows = 24): Promise<DatasetPreview> {
    if (previews.value[id]) return previews.value[id];
    const p = await api().previewDataset(id, rows);
    previews.value = { ...previews.value, [id]: p };
    return p;
  }

  return { list, sources, previews, loaded, loading, busy, error, load, ensureLoaded, byId, createBuiltin, importDataset, fileForImport, previewFile, remove, preview };
});
