// Building blocks of the templates: one branch per feature kind, datasets grouped by alike inputs,
// and the shared representation every template starts from.
import type { DatasetInfo, FeatureSpec, TaskSpec } from '../dataset.js';
import { featureShape } from '../shapes.js';
import type { DesignBuilder, Ref } from './builder.js';

export interface TaskRef {
  dataset: DatasetInfo;
  task: TaskSpec;
}

/** Datasets whose features are alike (same names, kinds, shapes) share inputs and a branch. */
export interface InputGroup {
  datasets: DatasetInfo[];
  features: FeatureSpec[];
  /** What its Inputs are bound to: the dataset id, or '' when several datasets share them. */
  bind: string;
  /** Short name for ids and labels. */
  tag: string;
}

function signature(f: FeatureSpec): string {
  const extra = f.kind === 'categorical' ? f.categories.length : f.kind === 'text' ? f.vocabSize : '';
  return `${f.name}:${f.kind}:${featureShape(f).join('x')}:${extra}`;
}

export function checkDatasets(template: string, datasets: DatasetInfo[], minTasks: number): TaskRef[] {
  if (!Array.isArray(datasets) || datasets.length === 0) {
    throw new Error(`Template '${template}' needs at least one dataset: choose a dataset first`);
  }
  const ids = new Set<string>();
  for (const d of datasets) {
    if (ids.has(d.id)) throw new Error(`Template '${template}' got dataset '${d.id}' twice: choose each dataset once`);
    ids.add(d.id);
    if (!d.features?.length) throw new Error(`Template '${template}' cannot use dataset '${d.id}': it has no features to feed the network`);
    if (!d.tasks?.length) throw new Error(`Template '${template}' cannot use dataset '${d.id}': it has no tasks to predict`);
  }
  const tasks = datasets.flatMap((dataset) => dataset.tasks.map((task) => ({ dataset, task })));
  if (tasks.length < minTasks) {
    throw new Error(
      `Template '${template}' needs at least ${minTasks} tasks, but ${datasets.map((d) => `'${d.id}'`).join(' and ')} ${datasets.length === 1 ? 'has' : 'have'} ${tasks.length}: choose the 'single-task' template or a dataset with more tasks`,
    );
  }
  return tasks;
}

export function groupDatasets(datasets: DatasetInfo[]): InputGroup[] {
  const bySig = new Map<string, DatasetInfo[]>();
  for (const d of datasets) {
    const sig = d.features.map(signature).sort().join('|');
    (bySig.get(sig) ?? bySig.set(sig, []).get(sig)!).push(d);
  }
  let groups = [...bySig.values()];
  // An Input bound to '' is fed from every head dataset that has its feature name: a shared group must not
  // share a feature name with another group, or its Inputs would also claim the other group's tasks.
  const shareable = (g: DatasetInfo[]) =>
    g.length === 1 ||
    !datasets.some((o) => !g.includes(o) && o.features.some((f) => g[0].features.some((x) => x.name === f.name)));
  groups = groups.flatMap((g) => (shareable(g) ? [g] : g.map((d) => [d])));
  return groups.map((g) => ({
    datasets: g,
    features: g[0].features,
    bind: g.length === 1 ? g[0].id : '',
    tag: g.length === 1 ? g[0].id : g.map((d) => d.id).join('+'),
  }));
}

export function isImage(group: InputGroup): boolean {
  return group.features.some((f) => f.kind === 'image');
}

/** Sener & Koltun's MultiLeNet convolutions (or a smaller stack for small images), then Flatten. */
export function imageBranch(b: DesignBuilder, from: Ref, f: Extract<FeatureSpec, { kind: 'image' }>, prefix: string): Ref {
  const [h, w] = f.shape;
  const side = Math.min(h, w);
  let x = from;
  if (side >= 16) {
    x = convStage(b, x, prefix, 1, 10);
    x = convStage(b, x, prefix, 2, 20);
  } else if (side >= 4) {
    x = b.chain(x, 'Conv2D', `${prefix}conv1`, { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' });
    x = b.chain(x, 'MaxPool2D', `${prefix}pool1`, { poolSize: 2 });
  }
  return b.chain(x, 'Flatten', `${prefix}flatten`);
}

/** One MultiLeNet stage: Conv2D k5 valid → MaxPool2D 2 → relu. */
export function convStage(b: DesignBuilder, from: Ref, prefix: string, i: number, filters: number): Ref {
  let x = b.chain(from, 'Conv2D', `${prefix}conv${i}`, { filters, kernelSize: 5, padding: 'valid', activation: 'linear' });
  x = b.chain(x, 'MaxPool2D', `${prefix}pool${i}`, { poolSize: 2 });
  return b.chain(x, 'Activation', `${prefix}relu${i}`, { activation: 'relu' });
}

/** Embedding → Conv1D → GlobalMaxPooling1D. */
export function textBranch(b: DesignBuilder, from: Ref, f: Extract<FeatureSpec, { kind: 'text' }>, prefix: string): Ref {
  let x = b.chain(from, 'Embedding', `${prefix}embed`, { inputDim: 0, outputDim: 32 });
  x = b.chain(x, 'Conv1D', `${prefix}conv1d`, { filters: 64, kernelSize: Math.min(3, f.maxLength), padding: 'same', activation: 'relu' });
  return b.chain(x, 'GlobalMaxPooling1D', `${prefix}maxpool`);
}

/** Embedding → Flatten. */
export function categoricalBranch(b: DesignBuilder, from: Ref, prefix: string): Ref {
  const x = b.chain(from, 'Embedding', `${prefix}embed`, { inputDim: 0, outputDim: 8 });
  return b.chain(x, 'Flatten', `${prefix}flatten`);
}

/** How a text feature is encoded (textBranch unless a template brings its own, e.g. a Transformer). */
export type TextBranch = (b: DesignBuilder, from: Ref, f: Extract<FeatureSpec, { kind: 'text' }>, prefix: string) => Ref;

/** The Inputs of one group and a flat encoding of all its features (joined by a Concatenate if several). */
export function groupEncoder(b: DesignBuilder, g: InputGroup, prefix: string, inputsOnly = false, text: TextBranch = textBranch): { inputs: Ref[]; out: Ref[] } {
  const inputs: Ref[] = [];
  const outs: Ref[] = [];
  const many = g.features.length > 1;
  for (const f of g.features) {
    const fp = many ? `${prefix}${f.name}_` : prefix;
    const id = b.add('Input', `${fp}input`, { dataset: g.bind, feature: f.name }, `${g.tag}: ${f.name}`);
    const ref = { id, port: 'out' };
    inputs.push(ref);
    if (inputsOnly) continue;
    if (f.kind === 'image') outs.push(imageBranch(b, ref, f, fp));
    else if (f.kind === 'text') outs.push(text(b, ref, f, fp));
    else if (f.kind === 'categorical') outs.push(categoricalBranch(b, ref, fp));
    else outs.push(ref);
  }
  return { inputs, out: outs };
}

/** One flat Ref for a group: its branches joined by a Concatenate when there are several. */
export function joinBranches(b: DesignBuilder, outs: Ref[], prefix: string): Ref {
  if (outs.length === 1) return outs[0];
  const id = b.add('Concatenate', `${prefix}concat`);
  for (const o of outs) b.connect(o, id);
  return { id, port: 'out' };
}

export interface Representation {
  /** The shared flat representation the MTL part starts from. */
  out: Ref;
  image: boolean;
}

/**
 * The shared trunk: each input group encoded; with several groups each gets its own projection to
 * `width` units, and all meet (as per-dataset routes) in one shared Dense of `width` units.
 * With one group, `trunk` Dense layers follow its encoding.
 */
export function sharedRepresentation(b: DesignBuilder, groups: InputGroup[], trunk: number[], text: TextBranch = textBranch): Representation {
  const image = groups.some(isImage);
  if (groups.length === 1) {
    const enc = groupEncoder(b, groups[0], '', false, text);
    let x = joinBranches(b, enc.out, '');
    trunk.forEach((u, i) => (x = b.chain(x, 'Dense', trunk.length === 1 ? 'fc' : `fc${i + 1}`, { units: u, activation: 'relu' })));
    return { out: x, image };
  }
  const width = trunk[0] ?? 64;
  const ends: Ref[] = [];
  for (const g of groups) {
    const prefix = `${g.tag}_`;
    const enc = groupEncoder(b, g, prefix, false, text);
    const x = joinBranches(b, enc.out, prefix);
    ends.push(b.chain(x, 'Dense', `${prefix}proj`, { units: width, activation: 'relu' }, `${g.tag} branch`));
  }
  const shared = b.add('Dense', 'shared_fc', { units: width, activation: 'relu' }, 'shared');
  for (const e of ends) b.connect(e, shared);
  let x: Ref = { id: shared, port: 'out' };
  trunk.slice(1).forEach((u, i) => (x = b.chain(x, 'Dense', `shared_fc${i + 2}`, { units: u, activation: 'relu' })));
  return { out: x, image };
}

/** A head for a task, fed from `from`. */
export function addHead(b: DesignBuilder, from: Ref, t: TaskRef, hidden: number[], multiDataset: boolean): string {
  const id = b.add(
    'TaskHead',
    // Named from the dataset's name, not its random id: node ids seed the initial weights, so the same
    // template on a re-created dataset gives the same network.
    multiDataset ? `head_${t.dataset.name}_${t.task.name}` : `head_${t.task.name}`,
    { dataset: t.dataset.id, task: t.task.name, hidden, activation: 'relu', lossWeight: 1, loss: 'auto' },
    multiDataset ? `${t.dataset.name}: ${t.task.name}` : t.task.name,
  );
  b.connect(from, id);
  return id;
}
