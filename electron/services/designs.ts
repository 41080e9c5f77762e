// Design verbs: saved designs, validation, templates and the Keras export.
import { designDatasetIds, type Design, type StoredDesign } from '../../shared/design.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { ValidationResult } from '../../shared/problems.js';
import type { ServiceContext } from './context.js';
import { notFound } from './errors.js';

/** The datasets a design's Inputs and heads name (those that exist; the validator reports the others). */
export function datasetsOfDesign(ctx: ServiceContext, design: Design): DatasetInfo[] {
  return designDatasetIds(design).map((id) => ctx.store.datasets.get(id)).filter((d): d is DatasetInfo => !!d);
}

export function designVerbs(ctx: ServiceContext) {
  return {
    async listDesigns(): Promise<StoredDesign[]> {
      return ctx.store.designs.list();
    },
    async getDesign(id: string): Promise<StoredDesign> {
      const d = ctx.store.designs.get(id);
      if (!d) throw notFound('Design', id);
      return d;
    },
    async saveDesign(req: { id?: string; name: string; notes?: string; design: Design }): Promise<StoredDesign> {
      return ctx.store.designs.save(req);
    },
    async deleteDesign(id: string): Promise<void> {
      if (!ctx.store.designs.delete(id)) throw notFound('Design', id);
    },
    async validateDesign(design: Design): Promise<ValidationResult> {
      const { validateDesign } = await import('../../shared/validate.js');
      const { memoryBudget } = await import('../engine/memory-budget.js');
      return validateDesign(design, datasetsOfDesign(ctx, design), { memoryBudget: memoryBudget() });
    },
    async buildTemplate(req: { template: string; datasetIds: string[] }): Promise<Design> {
      const infos = req.datasetIds.map((id) => {
        const d = ctx.store.datasets.get(id);
        if (!d) throw notFound('Dataset', id);
        return d;
      });
      const { buildTemplate } = await import('../../shared/templates/index.js');
      return buildTemplate(req.template, infos);
    },
    async exportDesignKeras(design: Design): Promise<string> {
      const { exportKeras } = await import('../../shared/keras.js');
      return exportKeras(design, datasetsOfDesign(ctx, design));
    },
  };
}
