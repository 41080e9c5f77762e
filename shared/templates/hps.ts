// Hard parameter sharing: one shared trunk, one head per task (for 28×28 images: Sener & Koltun's MultiLeNet).
import { DesignBuilder } from './builder.js';
import { addHead, checkDatasets, groupDatasets, sharedRepresentation } from './encoders.js';
import type { Template } from './types.js';

export const hps: Template = {
  name: 'hps',
  label: 'Hard parameter sharing',
  description:
    "One shared trunk feeds a head per task. For images it is Sener & Koltun's MultiLeNet: two conv stages, Dense 50, heads with a 50-unit tower.",
  build(datasets) {
    const tasks = checkDatasets('hps', datasets, 2);
    const groups = groupDatasets(datasets);
    const b = new DesignBuilder();
    const image = groups.some((g) => g.features.some((f) => f.kind === 'image'));
    const rep = sharedRepresentation(b, groups, image ? [50] : [64]);
    for (const t of tasks) addHead(b, rep.out, t, image ? [50] : [32], datasets.length > 1);
    return b.build(`HPS: ${datasets.map((d) => d.name).join(' + ')}`, 'Hard parameter sharing: a shared trunk, one head per task.');
  },
};
