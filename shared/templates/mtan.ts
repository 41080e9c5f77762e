// MTAN (Liu, Johns & Davison, CVPR 2019): the inputs' encoder, then a 2-level MTAN block, a head per task.
import { DesignBuilder } from './builder.js';
import { addHead, checkDatasets, groupDatasets, sharedRepresentation } from './encoders.js';
import type { Template } from './types.js';

export const mtan: Template = {
  name: 'mtan',
  label: 'MTAN',
  description: 'Multi-task attention network: a shared 2-level trunk after the inputs’ encoder, each task masking every level with its own attention module; a head per task.',
  build(datasets) {
    const tasks = checkDatasets('mtan', datasets, 2);
    const groups = groupDatasets(datasets);
    const b = new DesignBuilder();
    const image = groups.some((g) => g.features.some((f) => f.kind === 'image'));
    const rep = sharedRepresentation(b, groups, groups.length > 1 ? [64] : []);
    const block = b.add('MTAN', 'mtan', { numTasks: tasks.length, levels: 2, units: image ? 50 : 32, activation: 'relu' });
    b.connect(rep.out, block);
    tasks.forEach((t, i) => addHead(b, { id: block, port: `task${i}` }, t, image ? [50] : [32], datasets.length > 1));
    return b.build(`MTAN: ${datasets.map((d) => d.name).join(' + ')}`);
  },
};
