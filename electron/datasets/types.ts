// The seam between dataset sources and the store.
import type { DatasetInfo } from '../../shared/dataset.js';

/** Implemented by the store's datasets repository (electron/store/). */
export interface DatasetRepo {
  insert(info: DatasetInfo): void;
  get(id: string): DatasetInfo | undefined;
  list(): DatasetInfo[];
  delete(id: string): void;
}
