// PLE (Tang et al. 2020, progressive layered extraction) and CGC (one PLE level) as custom tfjs layers.
// At each level: sharedExperts shared experts read the shared input, taskExperts experts per task read that
// task's input (each expert one Dense(expertUnits, expertActivation)); task k's softmax gate, on task k's
// input, mixes its own and the shared experts into task k's output. Every level but the last also has a
// shared gate, on the shared input, mixing all experts into the next level's shared input. Level 0's task
// and shared inputs are all the block's input.
import * as tf from '@tensorflow/tfjs';
import { activationFn } from '../activations.js';
import { deriveSeed } from '../seeds.js';
import { addMlp, gateMix, mlpVariables, runExperts, shapeList, tensorList, type AddWeight, type Mlp } from './mlp.js';
import { once } from '../../kernels/layer-once.js';

export interface PLEConfig {
  numTasks: number;
  levels: number;
  sharedExperts: number;
  taskExperts: number;
  expertUnits: number;
  expertActivation: string;
  seed: number;
}

interface Level {
  shared: Mlp[];
  task: Mlp[][];
  gates: Mlp[];
  sharedGate: Mlp | null;
}

export class PLELayer extends tf.layers.Layer {
  static className = 'PLE';
  readonly cfg: PLEConfig;
  private lv: Level[] = [];

  constructor(args: PLEConfig & { name?: string; trainable?: boolean }) {
    super({ name: args.name, trainable: args.trainable });
    this.cfg = {
      numTasks: args.numTasks,
      levels: args.levels,
      sharedExperts: args.sharedExperts,
      taskExperts: args.taskExperts,
      expertUnits: args.expertUnits,
      expertActivation: args.expertActivation,
      seed: args.seed,
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = shapeList(inputShape)[0];
    const { numTasks: K, levels: L, sharedExperts: S, taskExperts: T, expertUnits: E, seed } = this.cfg;
    const add: AddWeight = (name, shape, init) => this.addWeight(name, shape, 'float32', init);
    this.lv = [];
    for (let l = 0; l < L; l++) {
      const d = l === 0 ? (shape[shape.length - 1] as number) : E;
      const s = (role: string) => deriveSeed(seed, `level${l}`, role);
      this.lv.push({
        shared: Array.from({ length: S }, (_, i) => addMlp(add, `level${l}/shared${i}`, d, [E], s(`shared${i}`))),
        task: Array.from({ length: K }, (_, k) =>
          Array.from({ length: T }, (_, j) => addMlp(add, `level${l}/task${k}/expert${j}`, d, [E], s(`task${k}/expert${j}`))),
        ),
        gates: Array.from({ length: K }, (_, k) => addMlp(add, `level${l}/gate${k}`, d, [S + T], s(`gate${k}`))),
        sharedGate: l < L - 1 ? addMlp(add, `level${l}/sharedGate`, d, [S + K * T], s('sharedGate')) : null,
      });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = shapeList(inputShape)[0];
    return Array.from({ length: this.cfg.numTasks }, () => [shape[0], this.cfg.expertUnits]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): tf.Tensor[] {
    // tfjs-layers applies a multi-output layer once per output: compute once per pass (kernels/layer-once.ts).
    return once(this, inputs, kwargs, () => tf.tidy(() => {
      const x = tensorList(inputs)[0];
      const act = activationFn(tf, this.cfg.expertActivation);
      let taskIn: tf.Tensor[] = Array.from({ length: this.cfg.numTasks }, () => x);
      let sharedIn = x;
      for (const level of this.lv) {
        // each group of experts reading the same input as one product, stacked [batch, n, units]
        const shared = level.shared.length > 0 ? runExperts(sharedIn, level.shared, act, this.cfg.expertActivation) : null;
        const own = level.task.map((experts, k) => (experts.length > 0 ? runExperts(taskIn[k], experts, act, this.cfg.expertActivation) : null));
        const cat = (parts: (tf.Tensor3D | null)[]): tf.Tensor3D => {
          const live = parts.filter((p): p is tf.Tensor3D => p !== null);
          return live.length === 1 ? live[0] : (tf.concat(live, 1) as tf.Tensor3D);
        };
        const next = level.gates.map((g, k) => gateMix(taskIn[k], g, cat([own[k], shared])));
        if (level.sharedGate) sharedIn = gateMix(sharedIn, level.sharedGate, cat([...own, shared]));
        taskIn = next;
      }
      return taskIn;
    }));
  }

  /** The weights each output depends on, traced through the levels as call() uses them. */
  weightsForPorts(ports: string[]): tf.Variable[] {
    const K = this.cfg.numTasks;
    let taskDeps: Set<tf.Variable>[] = Array.from({ length: K }, () => new Set());
    let sharedDeps = new Set<tf.Variable>();
    const union = (...xs: Iterable<tf.Variable>[]) => {
      const s = new Set<tf.Variable>();
      for (const x of xs) for (const v of x) s.add(v);
      return s;
    };
    for (const level of this.lv) {
      const sharedExp = union(sharedDeps, level.shared.flatMap(mlpVariables));
      const ownExp = level.task.map((experts, k) => union(taskDeps[k], experts.flatMap(mlpVariables)));
      const next = level.gates.map((g, k) => union(taskDeps[k], mlpVariables(g), ownExp[k], sharedExp));
      if (level.sharedGate) sharedDeps = union(sharedDeps, mlpVariables(level.sharedGate), sharedExp, ...ownExp);
      taskDeps = next;
    }
    const ks = ports.map((p) => Number(p.replace(/^task/, ''))).filter((k) => k >= 0 && k < K);
    const used = union(...ks.map((k) => taskDeps[k]));
    // In weight order, for stable variable lists.
    return this.trainableWeights.map((w) => w.read() as tf.Variable).filter((v) => used.has(v));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(PLELayer);

/** CGC: one PLE level (no shared gate). */
export class CGCLayer extends PLELayer {
  static className = 'CGC';
  constructor(args: Omit<PLEConfig, 'levels'> & { levels?: number; name?: string; trainable?: boolean }) {
    super({ ...args, levels: 1 });
  }
}
tf.serialization.registerClass(CGCLayer);
