// A metric's name in the interface language (runs.metric.<name>: 准确率, 宏平均 F1, 损失 …), else the catalog's label.
import { i18n } from '../../i18n/index.js';
import { METRICS } from '../../../shared/metrics.js';

const g = i18n.global as unknown as { t: (key: string) => string; te: (key: string) => boolean };

export function metricName(metric: string): string {
  const key = `runs.metric.${metric}`;
  return g.te(key) ? g.t(key) : (METRICS[metric]?.label ?? metric);
}
