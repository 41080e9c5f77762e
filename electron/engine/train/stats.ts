// Per-epoch accumulators: training losses and predictions per task, strategy weights, gradient diagnostics.
import type { HeadBinding } from '../model/types.js';
import type { StepBatch, StepResult } from './step.js';

export class EpochStats {
  readonly lossSum: number[];
  readonly scaledLossSum: number[];
  readonly batches: number[];
  readonly weightSum: number[];
  readonly weightedLossSum: number[];
  readonly weightCount: number[];
  readonly gradNormSum: number[];
  readonly gradNormCount: number[];
  readonly cosSum: number[][];
  readonly cosCount: number[][];
  /** Per task: training rows seen and the predictions made for them. */
  readonly rows: number[][];
  readonly predictions: Float32Array[][];
  samples = 0;
  trainMs = 0;
  steps = 0;

  constructor(readonly k: number) {
    const zeros = () => new Array<number>(k).fill(0);
    this.lossSum = zeros();
    this.scaledLossSum = zeros();
    this.batches = zeros();
    this.weightSum = zeros();
    this.weightedLossSum = zeros();
    this.weightCount = zeros();
    this.gradNormSum = zeros();
    this.gradNormCount = zeros();
    this.cosSum = Array.from({ length: k }, zeros);
    this.cosCount = Array.from({ length: k }, zeros);
    this.rows = Array.from({ length: k }, () => []);
    this.predictions = Array.from({ length: k }, () => []);
  }

  addStep(res: StepResult, batches: StepBatch[], ms: number): void {
    this.steps++;
    this.trainMs += ms;
    for (const b of batches) this.samples += b.rows.length;
    // heads come in batch order, each batch's heads in order
    let h = 0;
    for (const b of batches) {
      for (let i = 0; i < b.d.heads.length; i++, h++) {
        const task = res.tasks[h];
        this.batches[task]++;
        this.lossSum[task] += res.rawLosses[h];
        this.scaledLossSum[task] += res.scaledLosses[h];
        if (res.weights.length === res.tasks.length) {
          this.weightSum[task] += res.weights[h];
          this.weightedLossSum[task] += res.weights[h] * res.scaledLosses[h];
          this.weightCount[task]++;
        }
        const rows = this.rows[task];
        for (let r = 0; r < b.rows.length; r++) rows.push(b.rows[r]);
        this.predictions[task].push(res.predictions[h]);
      }
    }
    if (res.gram) this.addGram(res.tasks, res.gram);
  }

  addGram(tasks: number[], gram: number[][]): void {
    for (let i = 0; i < tasks.length; i++) {
      const ni = Math.sqrt(Math.max(gram[i][i], 0));
      this.gradNormSum[tasks[i]] += ni;
      this.gradNormCount[tasks[i]]++;
      for (let j = i + 1; j < tasks.length; j++) {
        const nj = Math.sqrt(Math.max(gram[j][j], 0));
        if (ni === 0 || nj === 0) continue;
        const [a, b] = tasks[i] < tasks[j] ? [tasks[i], tasks[j]] : [tasks[j], tasks[i]];
        this.cosSum[a][b] += gram[i][j] / (ni * nj);
        this.cosCount[a][b]++;
      }
    }
  }

  meanLoss(task: number): number {
    return this.batches[task] > 0 ? this.lossSum[task] / this.batches[task] : NaN;
  }

  meanScaledLoss(task: number): number {
    return this.batches[task] > 0 ? this.scaledLossSum[task] / this.batches[task] : NaN;
  }

  /** The task's training predictions of the epoch, concatenated, with the rows they belong to. */
  trainingOutputs(task: number): { rows: number[]; predictions: Float32Array } {
    const parts = this.predictions[task];
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return { rows: this.rows[task], predictions: out };
  }
}

export function pairKey(heads: HeadBinding[], a: number, b: number): string {
  return `${heads[a].key}|${heads[b].key}`;
}
