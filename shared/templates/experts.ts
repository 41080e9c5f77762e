// Shared body of the mixture-of-experts templates: encoder → block → one head per task port.
import type { DatasetInfo } from '../dataset.js';
import type { Design } from '../design.js';
import { DesignBuilder } from './builder.js';
import { addHead, checkDatasets, groupDatasets, sharedRepresentation } from './encoders.js';

export function expertsDesign(
  template: string,
  kind: 'MMoE' | 'CGC' | 'PLE' | 'DSelectK',
  params: Record<string, unknown>,
  datasets: DatasetInfo[],
  title: string,
): Design {
  const tasks = checkDatasets(template, datasets, 2);
  const groups = groupDatasets(datasets);
  const b = new DesignBuilder();
  const image = groups.some((g) => g.features.some((f) => f.kind === 'image'));
  // One group: experts read the encoder's features directly. Several: they read the shared routed Dense.
  const rep = sharedRepresentation(b, groups, groups.length > 1 ? [64] : []);
  const block = b.add(kind, kind.toLowerCase(), { numTasks: tasks.length, expertUnits: image ? 50 : 32, ...params });
  b.connect(rep.out, block);
  tasks.forEach((t, i) => addHead(b, { id: block, port: `task${i}` }, t, image ? [50] : [32], datasets.length > 1));
  return b.build(`${title}: ${datasets.map((d) => d.name).join(' + ')}`);
}
