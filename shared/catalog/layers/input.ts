// Input: a dataset feature enters the network. Its shape comes from the FeatureSpec.
import type { DatasetInfo, FeatureSpec } from '../../dataset.js';
import { featureShape, formatShape, shapesEqual } from '../../shapes.js';
import { defineKind } from '../define.js';
import type { Shape } from '../types.js';

export interface BindingProblem {
  code: string;
  message: string;
}

/** The datasets an Input draws from: its own, or (dataset '') every head dataset that has the feature. */
export function inputSources(
  params: Record<string, unknown>,
  datasets: DatasetInfo[],
  headDatasets?: string[],
): { dataset: string; feature: FeatureSpec }[] {
  const dataset = typeof params.dataset === 'string' ? params.dataset : '';
  const feature = typeof params.feature === 'string' ? params.feature : '';
  if (!feature) return [];
  const pool = dataset
    ? datasets.filter((d) => d.id === dataset)
    : datasets.filter((d) => !headDatasets || headDatasets.includes(d.id));
  const out: { dataset: string; feature: FeatureSpec }[] = [];
  for (const d of pool) {
    const f = d.features.find((x) => x.name === feature);
    if (f) out.push({ dataset: d.id, feature: f });
  }
  return out;
}

/** Problems with what an Input is bound to (codes: input-no-feature, input-unknown-dataset, input-unknown-feature, input-shape-conflict). */
export function checkInputBinding(
  params: Record<string, unknown>,
  datasets: DatasetInfo[],
  headDatasets?: string[],
): BindingProblem[] {
  const dataset = typeof params.dataset === 'string' ? params.dataset : '';
  const feature = typeof params.feature === 'string' ? params.feature : '';
  if (dataset && !datasets.some((d) => d.id === dataset)) {
    return [
      {
        code: 'input-unknown-dataset',
        message: `is bound to dataset '${dataset}', which is not among the chosen datasets: choose it or rebind the input`,
      },
    ];
  }
  if (!feature) {
    return [{ code: 'input-no-feature', message: 'is bound to no feature: choose a dataset feature in the inspector' }];
  }
  const sources = inputSources(params, datasets, headDatasets);
  if (sources.length === 0) {
    if (dataset) {
      const have = datasets.find((d) => d.id === dataset)?.features.map((f) => f.name) ?? [];
      return [
        {
          code: 'input-unknown-feature',
          message: `is bound to feature '${feature}', which dataset '${dataset}' lacks${have.length ? ` (it has ${have.join(', ')})` : ''}: choose another feature`,
        },
      ];
    }
    const pool = datasets.filter((d) => !headDatasets || headDatasets.includes(d.id)).map((d) => `'${d.id}'`);
    return [
      {
        code: 'input-unknown-feature',
        message: pool.length
          ? `takes feature '${feature}' from any dataset, but none of ${pool.join(', ')} has it: choose another feature, or bind the input to the dataset that has it`
          : `takes feature '${feature}' from any dataset, but no dataset is chosen: choose a dataset`,
      },
    ];
  }
  const first = featureShape(sources[0].feature);
  for (const s of sources.slice(1)) {
    const sh = featureShape(s.feature);
    if (!shapesEqual(first, sh) || s.feature.kind !== sources[0].feature.kind) {
      return [
        {
          code: 'input-shape-conflict',
          message: `feeds feature '${feature}' from datasets '${sources[0].dataset}' (${sources[0].feature.kind} ${formatShape(first)}) and '${s.dataset}' (${s.feature.kind} ${formatShape(sh)}), which differ: give each dataset its own Input`,
        },
      ];
    }
  }
  return [];
}

export const Input = defineKind({
  kind: 'Input',
  group: 'inputs',
  label: 'Input',
  description:
    "A feature of a dataset enters the network here. Dataset '' (any) feeds the feature of the same name from each head's own dataset, so alike datasets share one input.",
  params: [
    {
      name: 'dataset',
      type: 'dataset',
      default: '',
      label: 'Dataset',
      description: "The dataset the feature comes from; empty = each head's own dataset (by feature name).",
    },
    { name: 'feature', type: 'feature', default: '', label: 'Feature', description: 'The dataset feature fed in.' },
  ],
  ports: () => ({ inputs: [], outputs: ['out'] }),
  infer(_inputs, p, ctx) {
    const problems = checkInputBinding(p, ctx.datasets, ctx.headDatasets);
    if (problems.length) return { error: problems[0].message };
    const src = inputSources(p, ctx.datasets, ctx.headDatasets);
    const shape: Shape = featureShape(src[0].feature);
    return { outputs: { out: shape } };
  },
});
