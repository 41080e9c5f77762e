// Benchmark (not a test): validation + shape inference of a 300-node design, as on every edit in the Designer.
// Run: node --import tsx bench/validate-perf.ts [--json]. Prints median / p95 / mean milliseconds per validation.
import type { DatasetInfo } from '../shared/dataset.js';
import type { Design, DesignEdge, DesignNode } from '../shared/design.js';
import { validateDesign } from '../shared/validate.js';

const datasets: DatasetInfo[] = [
  {
    id: 'mf',
    name: 'MultiFashion',
    spec: { source: 'multi-fashion', options: {}, seed: 1 },
    features: [
      { name: 'image', kind: 'image', shape: [28, 28, 1] },
      { name: 'meta', kind: 'vector', size: 16, columns: [] },
    ],
    tasks: [
      { name: 'left', kind: 'multiclass', classes: Array.from({ length: 10 }, (_, i) => String(i)) },
      { name: 'right', kind: 'multiclass', classes: Array.from({ length: 10 }, (_, i) => String(i)) },
    ],
    rows: 0,
    splits: { train: 0, validation: 0, test: 0 },
    stats: [],
    balance: [],
    checksum: '',
    createdAt: '',
  },
];

/** A residual conv tower (Conv2D/BN/Activation blocks, an Add every 2 blocks), a Dense tower, MMoE and two heads: `target` nodes. */
export function bigDesign(target = 300): Design {
  const nodes: DesignNode[] = [];
  const edges: DesignEdge[] = [];
  const add = (kind: string, params: Record<string, unknown> = {}): string => {
    const id = `n${nodes.length}`;
    nodes.push({ id, kind, params, position: { x: nodes.length * 10, y: 0 } });
    return id;
  };
  const link = (s: string, t: string, sp = 'out', tp = 'in') => edges.push({ id: `e${edges.length}`, source: s, sourcePort: sp, target: t, targetPort: tp });
  const img = add('Input', { dataset: 'mf', feature: 'image' });
  let x = add('Conv2D', { filters: 8, kernelSize: 3, padding: 'same' });
  link(img, x);
  // Fixed tail: pool, flatten, meta input, concat, fc, dropout, mmoe, 2 heads = 9 nodes; the Dense tower fills the rest.
  const tail = 9;
  while (nodes.length + 7 + tail + 10 <= target) {
    const skip = x;
    for (let b = 0; b < 2; b++) {
      const c = add('Conv2D', { filters: 8, kernelSize: 3, padding: 'same' });
      link(x, c);
      const bn = add('BatchNormalization');
      link(c, bn);
      const a = add('Activation', { activation: 'relu' });
      link(bn, a);
      x = a;
    }
    const sum = add('Add');
    link(skip, sum);
    link(x, sum);
    x = sum;
  }
  const dense = target - nodes.length - tail;
  const pool = add('MaxPool2D', { poolSize: 4 });
  link(x, pool);
  const flat = add('Flatten');
  link(pool, flat);
  const meta = add('Input', { dataset: 'mf', feature: 'meta' });
  let v = meta;
  for (let i = 0; i < dense; i++) {
    const d = add('Dense', { units: 16, activation: 'relu' });
    link(v, d);
    v = d;
  }
  const cat = add('Concatenate');
  link(flat, cat);
  link(v, cat);
  const fc = add('Dense', { units: 64, activation: 'relu' });
  link(cat, fc);
  const drop = add('Dropout', { rate: 0.2 });
  link(fc, drop);
  const mmoe = add('MMoE', { numTasks: 2, numExperts: 4, expertUnits: 32 });
  link(drop, mmoe);
  const h1 = add('TaskHead', { dataset: 'mf', task: 'left', hidden: [32] });
  link(mmoe, h1, 'task0');
  const h2 = add('TaskHead', { dataset: 'mf', task: 'right', hidden: [32] });
  link(mmoe, h2, 'task1');
  return { version: 1, name: 'bench', nodes, edges };
}

function main(): void {
  const design = bigDesign(300);
  const first = validateDesign(design, datasets);
  if (!first.ok) {
    console.error(first.problems.slice(0, 5));
    throw new Error('the benchmark design should be valid');
  }
  // Each round edits a parameter (as the inspector would) and validates the whole design again.
  const conv = design.nodes.filter((n) => n.kind === 'Conv2D');
  for (let i = 0; i < 100; i++) validateDesign(design, datasets);
  const times: number[] = [];
  const rounds = 1000;
  for (let i = 0; i < rounds; i++) {
    conv[i % conv.length].params.filters = 8 + (i % 3);
    const t0 = performance.now();
    validateDesign(design, datasets);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(rounds / 2)];
  const p95 = times[Math.floor(rounds * 0.95)];
  const mean = times.reduce((a, b) => a + b, 0) / rounds;
  const result = {
    benchmark: 'designer-validate',
    nodes: design.nodes.length,
    edges: design.edges.length,
    params: first.totals.params,
    medianMs: +median.toFixed(3),
    p95Ms: +p95.toFixed(3),
    meanMs: +mean.toFixed(3),
    budgetMs: 5,
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    console.log(`validateDesign, ${result.nodes} nodes / ${result.edges} edges, ${rounds} edits:`);
    console.log(`  median ${result.medianMs} ms, p95 ${result.p95Ms} ms, mean ${result.meanMs} ms (budget 5 ms per edit)`);
  }
}

main();
