// A design template: built from the chosen datasets' features and tasks.
import type { DatasetInfo } from '../dataset.js';
import type { Design } from '../design.js';

export interface TemplateOptions {
  /** single-task: which task ('task' or 'dataset/task'); default the first task of the first dataset. */
  task?: string;
}

export interface Template {
  name: string;
  label: string;
  description: string;
  /** Throws an Error saying why when it cannot serve these datasets. */
  build(datasets: DatasetInfo[], options?: TemplateOptions): Design;
}
