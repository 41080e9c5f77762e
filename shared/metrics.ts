// Metric facts shared by engine, store and UI: name, label and which direction is better.
import type { TaskKind } from './dataset.js';

export interface MetricInfo {
  name: string;
  label: string;
  higherIsBetter: boolean;
}

export const METRICS: Record<string, MetricInfo> = {
  loss: { name: 'loss', label: 'Loss', higherIsBetter: false },
  accuracy: { name: 'accuracy', label: 'Accuracy', higherIsBetter: true },
  f1: { name: 'f1', label: 'Macro F1', higherIsBetter: true },
  auc: { name: 'auc', label: 'AUC', higherIsBetter: true },
  mse: { name: 'mse', label: 'MSE', higherIsBetter: false },
  mae: { name: 'mae', label: 'MAE', higherIsBetter: false },
  rmse: { name: 'rmse', label: 'RMSE', higherIsBetter: false },
  r2: { name: 'r2', label: 'R²', higherIsBetter: true },
};

/** The metrics computed by default for a task of this kind (the first is the headline metric). */
export function defaultMetrics(kind: TaskKind): string[] {
  switch (kind) {
    case 'binary':
      return ['accuracy', 'auc', 'f1'];
    case 'multiclass':
      return ['accuracy', 'f1'];
    case 'regression':
      return ['mse', 'mae', 'rmse', 'r2'];
  }
}

export function isHigherBetter(metric: string): boolean {
  return METRICS[metric]?.higherIsBetter ?? false;
}
