// Is a connection allowed, and if not, why? Checked as the user draws it (Vue Flow's isValidConnection)
// and again when it is made. Shape compatibility is asked of the target's catalog entry directly, with the
// shapes the validator inferred for the rest of the design.
import { describedDataset, type DatasetInfo, type FeatureSpec } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import { HEAD_KIND, INPUT_KIND } from '../../shared/design.js';
import type { LayerKind, Shape, ShapeContext } from '../../shared/catalog/types.js';
import { inputSources } from '../../shared/catalog/layers/input.js';
import type { ValidationResult } from '../../shared/problems.js';
import type { Msg } from '../../shared/catalog/messages.js';
import { downstream } from './ops.js';

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export type RefusalCode = 'missing-node' | 'self' | 'no-port' | 'duplicate' | 'cycle' | 'port-taken' | 'shape';

export interface Refusal {
  code: RefusalCode;
  /** English, complete; the UI translates by code and shows `detail` where there is one. */
  message: string;
  /** For 'shape': the catalog's explanation, in English. */
  detail?: string;
  /** The same as a key and values (shared/catalog/messages.ts), for the UI's language. */
  detailMsg?: Msg;
  args: Record<string, string>;
}

export interface ConnectContext {
  getKind(kind: string): LayerKind | undefined;
  datasets: DatasetInfo[];
  /** The current design's validation (for the shapes flowing upstream). */
  validation: ValidationResult | null;
}

const PROBE_DATASET = '__probe__';

function probeDataset(): DatasetInfo {
  return describedDataset({
    id: PROBE_DATASET,
    spec: { source: 'probe', options: {}, seed: 0 },
    features: [],
    tasks: [{ name: 'task', kind: 'multiclass', classes: ['a', 'b'] }],
  });
}

export function checkConnection(design: Design, c: Connection, ctx: ConnectContext): Refusal | null {
  const src = design.nodes.find((n) => n.id === c.source);
  const dst = design.nodes.find((n) => n.id === c.target);
  const args = { source: c.source, target: c.target, sourcePort: c.sourcePort, targetPort: c.targetPort };
  if (!src || !dst) return { code: 'missing-node', message: 'One end of the connection no longer exists.', args };
  if (c.source === c.target) return { code: 'self', message: `${c.source} cannot feed itself.`, args };
  const sk = ctx.getKind(src.kind);
  const tk = ctx.getKind(dst.kind);
  const outs = sk?.ports(src.params).outputs ?? [];
  const ins = tk?.ports(dst.params).inputs ?? [];
  const inPort = ins.find((p) => p.name === c.targetPort);
  if (!outs.includes(c.sourcePort) || !inPort) {
    return { code: 'no-port', message: `${c.source} has no output '${c.sourcePort}' or ${c.target} has no input '${c.targetPort}'.`, args };
  }
  const into = design.edges.filter((e) => e.target === c.target && e.targetPort === c.targetPort);
  if (into.some((e) => e.source === c.source && e.sourcePort === c.sourcePort)) {
    return { code: 'duplicate', message: `${c.source} already feeds ${c.target}.`, args };
  }
  if (downstream(design, c.target).has(c.source)) {
    return { code: 'cycle', message: `This would make a cycle: ${c.source} already depends on ${c.target}.`, args };
  }
  // A plain port takes one edge; a second only as an alternative route of another dataset (multi-dataset designs).
  const datasetCount = new Set(ctx.datasets.map((d) => d.id)).size;
  if (!inPort.multiple && into.length > 0 && datasetCount < 2) {
    return {
      code: 'port-taken',
      message: `Input '${c.targetPort}' of ${c.target} is already connected; only merge layers (Concatenate, Add) take several inputs.`,
      args,
    };
  }
  const shapeRefusal = checkShapes(design, c, ctx, src.kind, dst.kind);
  return shapeRefusal ? { ...shapeRefusal, args } : null;
}

function checkShapes(design: Design, c: Connection, ctx: ConnectContext, srcKind: string, dstKind: string): Omit<Refusal, 'args'> | null {
  const v = ctx.validation;
  const newShape: Shape | undefined = v?.nodes[c.source]?.outputShapes[c.sourcePort];
  if (!newShape) return null; // upstream unknown: nothing to check yet
  const dst = design.nodes.find((n) => n.id === c.target)!;
  const kind = ctx.getKind(dstKind)!;
  const ports = kind.ports(dst.params).inputs;
  const inputShapes: Shape[][] = ports.map((p) => {
    const known = design.edges
      .filter((e) => e.target === c.target && e.targetPort === p.name)
      .map((e) => v?.edgeShapes[e.id])
      .filter((s): s is Shape => !!s);
    if (p.name === c.targetPort) {
      if (!p.multiple) return [newShape];
      const ops = [...known, newShape];
      return ops.length === 1 ? [newShape, newShape] : ops;
    }
    if (known.length) return p.multiple ? known : [known[0]];
    return p.multiple ? [newShape, newShape] : [newShape]; // a stand-in for a port not yet connected
  });
  const srcNode = design.nodes.find((n) => n.id === c.source)!;
  const features: FeatureSpec[] = srcKind === INPUT_KIND ? inputSources(srcNode.params, ctx.datasets).map((s) => s.feature) : [];
  const inputFeatures = ports.map((p) => (p.name === c.targetPort ? [features] : [[]]));
  let params = dst.params;
  let datasets = ctx.datasets;
  if (dstKind === HEAD_KIND) {
    const d = ctx.datasets.find((x) => x.id === params.dataset);
    if (!d?.tasks.some((t) => t.name === params.task)) {
      // An unbound head: probe its tower's shape rules with a stand-in task.
      params = { ...params, dataset: PROBE_DATASET, task: 'task' };
      datasets = [...datasets, probeDataset()];
    }
  }
  const sctx: ShapeContext = { datasets, node: dst, inputFeatures };
  let res;
  try {
    res = kind.inferShapes(inputShapes, params, sctx);
  } catch {
    return null;
  }
  if ('error' in res && res.msg?.key !== 'infer.bad-param' && !res.error.startsWith('has a bad parameter')) {
    return { code: 'shape', message: `${kind.label} '${dst.id}' ${res.error}.`, detail: res.error, ...(res.msg ? { detailMsg: res.msg } : {}) };
  }
  return null;
}
