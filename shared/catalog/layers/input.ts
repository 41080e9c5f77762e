// Input: a dataset feature enters the network. Its shape comes from the FeatureSpec.
import type { DatasetInfo, FeatureSpec } from '../../dataset.js';
import { featureShape, formatShape, shapesEqual } from '../../shapes.js';
import { defineKind } from '../define.js';
import { en, msg, type Msg, type MsgArgs } from '../messages.js';
import type { Shape } from '../types.js';

export interface BindingProblem {
  code: string;
  /** English, continuing "<Kind> '<id>'". */
  message: string;
  /** The same as a key (messages.ts binding.*) and values. */
  msg: Msg;
}

/** A binding problem of this code, worded by `binding.<key>`. */
export function bindingProblem(code: string, key: string, args: MsgArgs = {}): BindingProblem {
  return { code, message: en(`binding.${key}`, args), msg: msg(`binding.${key}`, args) };
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
    return [bindingProblem('input-unknown-dataset', 'input-unknown-dataset', { dataset })];
  }
  if (!feature) {
    return [bindingProblem('input-no-feature', 'input-no-feature')];
  }
  const sources = inputSources(params, datasets, headDatasets);
  if (sources.length === 0) {
    if (dataset) {
      const have = datasets.find((d) => d.id === dataset)?.features.map((f) => f.name) ?? [];
      return [
        have.length
          ? bindingProblem('input-unknown-feature', 'input-unknown-feature', { feature, dataset, features: have.join(', ') })
          : bindingProblem('input-unknown-feature', 'input-unknown-feature-none', { feature, dataset }),
      ];
    }
    const pool = datasets.filter((d) => !headDatasets || headDatasets.includes(d.id)).map((d) => `'${d.id}'`);
    return [
      pool.length
        ? bindingProblem('input-unknown-feature', 'input-any-feature', { feature, datasets: pool.join(', ') })
        : bindingProblem('input-unknown-feature', 'input-any-no-dataset', { feature }),
    ];
  }
  const first = featureShape(sources[0].feature);
  for (const s of sources.slice(1)) {
    const sh = featureShape(s.feature);
    if (!shapesEqual(first, sh) || s.feature.kind !== sources[0].feature.kind) {
      return [
        bindingProblem('input-shape-conflict', 'input-shape-conflict', {
          feature,
          dataset1: sources[0].dataset,
          $kind1: `featureKind.${sources[0].feature.kind}`,
          shape1: formatShape(first),
          dataset2: s.dataset,
          $kind2: `featureKind.${s.feature.kind}`,
          shape2: formatShape(sh),
        }),
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
    "A feature of a dataset enters the network here. Dataset “any” feeds the feature of the same name from each head's own dataset, so alike datasets share one input.",
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
    if (problems.length) return { error: problems[0].message, msg: problems[0].msg };
    const src = inputSources(p, ctx.datasets, ctx.headDatasets);
    const shape: Shape = featureShape(src[0].feature);
    return { outputs: { out: shape } };
  },
});
