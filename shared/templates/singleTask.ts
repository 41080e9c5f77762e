// Single task: the hps trunk with one head (for one task of one dataset).
import type { DatasetInfo } from '../dataset.js';
import { DesignBuilder } from './builder.js';
import { addHead, checkDatasets, groupDatasets, sharedRepresentation } from './encoders.js';
import type { Template } from './types.js';

function pick(datasets: DatasetInfo[], task?: string): { dataset: DatasetInfo; taskName: string } {
  if (!task) return { dataset: datasets[0], taskName: datasets[0].tasks[0].name };
  const slash = task.indexOf('/');
  const [ds, name] = slash >= 0 ? [task.slice(0, slash), task.slice(slash + 1)] : ['', task];
  const dataset = datasets.find((d) => (!ds || d.id === ds) && d.tasks.some((t) => t.name === name));
  if (!dataset) throw new Error(`Template 'single-task' cannot find task '${task}' in ${datasets.map((d) => `'${d.id}'`).join(', ')}`);
  return { dataset, taskName: name };
}

export const singleTask: Template = {
  name: 'single-task',
  label: 'Single task',
  description: 'One network for one task: the same trunk as hard parameter sharing, with a single head.',
  build(datasets, options) {
    checkDatasets('single-task', datasets, 1);
    const { dataset, taskName } = pick(datasets, options?.task);
    const task = dataset.tasks.find((t) => t.name === taskName)!;
    const b = new DesignBuilder();
    const groups = groupDatasets([dataset]);
    const image = dataset.features.some((f) => f.kind === 'image');
    const rep = sharedRepresentation(b, groups, image ? [50] : [64]);
    addHead(b, rep.out, { dataset, task }, image ? [50] : [32], false);
    return b.build(`Single task: ${dataset.name} / ${task.name}`);
  },
};
