// Cross-stitch networks (Misra et al. 2016): one column per task, mixed by cross-stitch units after each stage.
import { DesignBuilder, type Ref } from './builder.js';
import { addHead, checkDatasets, convStage, groupDatasets, sharedRepresentation } from './encoders.js';
import type { Template } from './types.js';

export const crossStitch: Template = {
  name: 'cross-stitch',
  label: 'Cross-stitch',
  description:
    'One column per task (for images, a MultiLeNet each), with a cross-stitch unit after every stage mixing the columns by learned weights.',
  build(datasets) {
    const tasks = checkDatasets('cross-stitch', datasets, 2);
    const k = tasks.length;
    const groups = groupDatasets(datasets);
    const b = new DesignBuilder();
    let stitchN = 0;
    const stitch = (cols: Ref[]): Ref[] => {
      const id = b.add('CrossStitch', `stitch${++stitchN}`, { numTasks: k });
      cols.forEach((c, i) => b.connect(c, id, `in${i}`));
      return cols.map((_, i) => ({ id, port: `task${i}` }));
    };
    const g = groups[0];
    const img = groups.length === 1 && g.features.length === 1 ? g.features[0] : undefined;
    let cols: Ref[];
    if (img?.kind === 'image' && Math.min(img.shape[0], img.shape[1]) >= 16) {
      // MultiLeNet columns on one shared image input.
      const input = b.add('Input', 'input', { dataset: g.bind, feature: img.name }, `${g.tag}: ${img.name}`);
      cols = tasks.map((_, i) => convStage(b, { id: input, port: 'out' }, `t${i}_`, 1, 10));
      cols = stitch(cols);
      cols = cols.map((c, i) => convStage(b, c, `t${i}_`, 2, 20));
      cols = stitch(cols);
      cols = cols.map((c, i) => b.chain(b.chain(c, 'Flatten', `t${i}_flatten`), 'Dense', `t${i}_fc`, { units: 50, activation: 'relu' }));
      cols = stitch(cols);
    } else {
      const rep = sharedRepresentation(b, groups, groups.length > 1 ? [64] : []);
      cols = tasks.map((_, i) => b.chain(rep.out, 'Dense', `t${i}_fc1`, { units: 64, activation: 'relu' }));
      cols = stitch(cols);
      cols = cols.map((c, i) => b.chain(c, 'Dense', `t${i}_fc2`, { units: 32, activation: 'relu' }));
      cols = stitch(cols);
    }
    tasks.forEach((t, i) => addHead(b, cols[i], t, [], datasets.length > 1));
    return b.build(`Cross-stitch: ${datasets.map((d) => d.name).join(' + ')}`);
  },
};
