// A run's name as shown: the suffix the service gives a single-task baseline ("… · y1 only") in the interface language.
import { i18n } from '../../i18n/index.js';
import type { RunRecord } from '../../../shared/run.js';

/** A baseline's design name ("… · single task y1", as shared/baselines.ts names it) in the interface language. */
export function designLabel(r: Pick<RunRecord, 'designName' | 'baselineTask'>): string {
  const task = r.baselineTask;
  const suffix = task ? ` · single task ${task}` : '';
  if (!task || !r.designName.endsWith(suffix)) return r.designName;
  return `${r.designName.slice(0, -suffix.length)} · ${i18n.global.t('runs.stlDesign', { task })}`;
}

export function runName(r: Pick<RunRecord, 'name' | 'baselineTask'>): string {
  const task = r.baselineTask;
  const suffix = task ? ` · ${task} only` : '';
  if (!task || !r.name.endsWith(suffix)) return r.name;
  return `${r.name.slice(0, -suffix.length)} · ${i18n.global.t('runs.stlName', { task })}`;
}
