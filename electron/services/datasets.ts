// Dataset verbs: sources, built-ins, imports, preview, delete; backed by the DatasetManager.
import type { BuiltinRequest, ImportFileRequest, ImportRequest } from '../../shared/api.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { isLive } from '../../shared/run.js';
import type { ServiceContext } from './context.js';
import { conflict, notFound } from './errors.js';

export function datasetVerbs(ctx: ServiceContext) {
  const existing = (id: string): DatasetInfo => {
    const info = ctx.store.datasets.get(id);
    if (!info) throw notFound('Dataset', id);
    return info;
  };
  return {
    async listDatasetSources() {
      return (await ctx.datasets()).listSources();
    },
    async listDatasets(): Promise<DatasetInfo[]> {
      return ctx.store.datasets.list();
    },
    async getDataset(id: string): Promise<DatasetInfo> {
      return existing(id);
    },
    async previewDataset(id: string, rows?: number) {
      existing(id);
      return (await ctx.datasets()).preview(id, rows);
    },
    async createBuiltinDataset(req: BuiltinRequest): Promise<DatasetInfo> {
      return (await ctx.datasets()).createBuiltin(req);
    },
    async importDataset(req: ImportRequest): Promise<DatasetInfo> {
      return (await ctx.datasets()).import(req);
    },
    async previewImportFile(req: ImportFileRequest) {
      return (await ctx.datasets()).previewFile(req);
    },
    async deleteDataset(id: string): Promise<void> {
      existing(id);
      const users = ctx.store.runs.list({ datasetId: id, includeBaselines: true }).filter((r) => isLive(r.status));
      if (users.length > 0) throw conflict(`Dataset '${id}' is in use by live run(s) ${users.map((r) => r.id).join(', ')}; stop them first.`);
      await (await ctx.datasets()).delete(id);
    },
  };
}
