// TaskHead: one task's tower and prediction, bound to a task of a dataset; carries loss, loss weight, metrics.
import type { DatasetInfo, TaskSpec } from '../../dataset.js';
import { defaultMetrics, METRICS } from '../../metrics.js';
import { activationParam, flatError, single } from '../common.js';
import { defineKind } from '../define.js';
import { bindingProblem, type BindingProblem } from './input.js';
import { failure } from '../messages.js';

export const LOSSES = ['auto', 'crossentropy', 'binary-crossentropy', 'mse', 'mae'];

/** Losses that fit each task kind (the first is the default). */
export const LOSSES_BY_TASK: Record<TaskSpec['kind'], string[]> = {
  multiclass: ['crossentropy'],
  binary: ['binary-crossentropy'],
  regression: ['mse', 'mae'],
};

/** Metrics that fit each task kind. */
export const METRICS_BY_TASK: Record<TaskSpec['kind'], string[]> = {
  multiclass: ['accuracy', 'f1'],
  binary: ['accuracy', 'f1', 'auc'],
  regression: ['mse', 'mae', 'rmse', 'r2'],
};

/** Size of the head's last projection: classes for multiclass, 1 for binary and regression. */
export function headUnits(task: TaskSpec): number {
  return task.kind === 'multiclass' ? Math.max(1, task.classes?.length ?? 0) : 1;
}

/** Activation of the last projection when predicting (losses work on its logits). */
export function headOutputActivation(task: TaskSpec): 'softmax' | 'sigmoid' | 'linear' {
  return task.kind === 'multiclass' ? 'softmax' : task.kind === 'binary' ? 'sigmoid' : 'linear';
}

/** The head's loss: its `loss` param, or the task kind's default when absent / 'auto' / ''. */
export function headLoss(params: Record<string, unknown>, task: TaskSpec): string {
  const l = params.loss;
  if (typeof l === 'string' && l !== '' && l !== 'auto') return l;
  return LOSSES_BY_TASK[task.kind][0];
}

/** The head's metrics: its `metrics` param when a non-empty list, else defaultMetrics(task kind). */
export function headMetrics(params: Record<string, unknown>, task: TaskSpec): string[] {
  const m = params.metrics;
  if (Array.isArray(m) && m.length > 0 && m.every((x) => typeof x === 'string')) return m as string[];
  return defaultMetrics(task.kind);
}

/** The task a head is bound to, or undefined. */
export function headTask(params: Record<string, unknown>, datasets: DatasetInfo[]): TaskSpec | undefined {
  const d = datasets.find((x) => x.id === params.dataset);
  return d?.tasks.find((t) => t.name === params.task);
}

/** Problems with what a head is bound to (codes: head-no-dataset, head-unknown-dataset, head-no-task, head-unknown-task, bad-param). */
export function checkHeadBinding(params: Record<string, unknown>, datasets: DatasetInfo[]): BindingProblem[] {
  const dataset = typeof params.dataset === 'string' ? params.dataset : '';
  const task = typeof params.task === 'string' ? params.task : '';
  if (!dataset) return [bindingProblem('head-no-dataset', 'head-no-dataset')];
  const d = datasets.find((x) => x.id === dataset);
  if (!d) return [bindingProblem('head-unknown-dataset', 'head-unknown-dataset', { dataset })];
  if (!task) return [bindingProblem('head-no-task', 'head-no-task', { tasks: d.tasks.map((t) => t.name).join(', ') })];
  const t = d.tasks.find((x) => x.name === task);
  if (!t) {
    const tasks = d.tasks.map((x) => x.name).join(', ');
    return [
      tasks
        ? bindingProblem('head-unknown-task', 'head-unknown-task', { task, dataset, tasks })
        : bindingProblem('head-unknown-task', 'head-unknown-task-none', { task, dataset }),
    ];
  }
  const out: BindingProblem[] = [];
  const loss = headLoss(params, t);
  if (!LOSSES_BY_TASK[t.kind].includes(loss)) {
    out.push(
      bindingProblem('bad-param', 'loss', {
        param: 'loss',
        loss,
        $taskKind: `taskKind.${t.kind}`,
        task,
        losses: LOSSES_BY_TASK[t.kind].join(', '),
        lossesOr: LOSSES_BY_TASK[t.kind].join(' or '),
      }),
    );
  }
  const badMetric = headMetrics(params, t).find((m) => !METRICS_BY_TASK[t.kind].includes(m));
  if (badMetric) {
    out.push(
      bindingProblem('bad-param', 'metric', {
        param: 'metrics',
        metric: badMetric,
        $taskKind: `taskKind.${t.kind}`,
        task,
        metrics: METRICS_BY_TASK[t.kind].join(', '),
      }),
    );
  }
  return out;
}

function layerSizes(inDim: number, p: { hidden: number[] }, units: number): [number, number][] {
  const dims = [inDim, ...p.hidden, units];
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < dims.length; i++) out.push([dims[i], dims[i + 1]]);
  return out;
}

export const TaskHead = defineKind({
  kind: 'TaskHead',
  group: 'heads',
  label: 'Task head',
  description:
    "One task's tower (hidden Dense layers) and its prediction, sized from the task: classes for multiclass, 1 for binary and regression. Carries the task's loss, loss weight and metrics.",
  params: [
    { name: 'dataset', type: 'dataset', default: '', label: 'Dataset', description: 'The dataset whose task this head predicts.' },
    { name: 'task', type: 'task', default: '', label: 'Task', description: 'The task this head predicts.' },
    {
      name: 'hidden',
      type: 'ints',
      default: [],
      min: 1,
      max: 1_000_000,
      maxLength: 16,
      label: 'Tower units',
      description: 'Units of the hidden Dense layers before the prediction (empty = none).',
    },
    activationParam('relu'),
    {
      name: 'dropout',
      type: 'float',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
      label: 'Dropout',
      description: 'Dropout rate after each hidden layer (0 = none).',
    },
    {
      name: 'lossWeight',
      type: 'float',
      default: 1,
      min: 0,
      max: 1e6,
      label: 'Loss weight',
      description: "The task's static loss weight (strategies may change the effective weights).",
    },
    {
      name: 'loss',
      type: 'enum',
      default: 'auto',
      options: LOSSES,
      label: 'Loss',
      description: 'auto = crossentropy for multiclass, binary-crossentropy for binary, mse for regression.',
    },
    {
      name: 'metrics',
      type: 'enum',
      multiple: true,
      default: undefined,
      optional: true,
      options: Object.keys(METRICS).filter((m) => m !== 'loss'),
      label: 'Metrics',
      description: "Metrics computed for the task (empty = the task kind's defaults; the first is the headline).",
    },
  ],
  ports: () => ({ inputs: [{ name: 'in', multiple: false }], outputs: [] }),
  infer(inputs, p, ctx) {
    const x = single(inputs);
    const err = flatError(x);
    if (err) return err;
    const t = headTask(p, ctx.datasets);
    if (!t) return failure('infer.head-unbound');
    // 'out' is the prediction; it is shown but has no port to connect.
    return { outputs: { out: [headUnits(t)] } };
  },
  countParams(inputs, p, ctx) {
    const t = headTask(p, ctx.datasets);
    if (!t) return 0;
    return layerSizes(single(inputs)![0] ?? 0, p, headUnits(t)).reduce((s, [a, b]) => s + a * b + b, 0);
  },
  countMacs(inputs, p, ctx) {
    const t = headTask(p, ctx.datasets);
    if (!t) return 0;
    return layerSizes(single(inputs)![0] ?? 0, p, headUnits(t)).reduce((s, [a, b]) => s + a * b, 0);
  },
});
