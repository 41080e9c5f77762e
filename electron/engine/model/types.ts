// What the model builder hands the training loop, and the seam each layer kind's builder plugs into.
import type * as tfNs from '@tensorflow/tfjs';
import type { DatasetInfo, TaskSpec } from '../../../shared/dataset.js';
import type { DesignNode } from '../../../shared/design.js';

import type { Tf } from '../train/tf.js';
export type { Tf };
type Tensor = tfNs.Tensor;
type Variable = tfNs.Variable;
type SymbolicTensor = tfNs.SymbolicTensor;
type Layer = tfNs.layers.Layer;

export interface HeadBinding {
  /** The TaskHead node. */
  nodeId: string;
  /** The task name, or 'dataset/task' where two heads' task names clash. */
  key: string;
  dataset: string;
  task: string;
  spec: TaskSpec;
  lossWeight: number;
  /** 'crossentropy' (multiclass, on logits), 'binary-crossentropy' (on a logit), 'mse', 'mae'. */
  loss: string;
  metrics: string[];
  /** Units of the head's last projection (classes for multiclass, 1 for binary and regression). */
  units: number;
  /** What turns the head's output into a prediction: the output itself is logits (or the raw value). */
  outputActivation: 'softmax' | 'sigmoid' | 'linear';
}

export interface Route {
  dataset: string;
  /** Feature names the route's forward pass needs, in the order its model takes them. */
  features: string[];
  /** Head keys this dataset feeds. */
  heads: string[];
}

export interface BuiltModel {
  heads: HeadBinding[];
  /** Dataset ids that feed heads, and for each the features its forward pass needs. */
  routes: Route[];
  /**
   * Forward pass for one dataset's batch: feature name -> tensor (batch first; image/vector float32,
   * categorical/text int32). Returns head key -> output tensor (logits for classification, the raw value
   * for regression) for that dataset's heads. Usable inside tf.tidy and gradient closures. With
   * training = true, Dropout drops and BatchNormalization uses (and updates) batch statistics.
   */
  forward(dataset: string, inputs: Record<string, Tensor>, training: boolean): Record<string, Tensor>;
  /** Trainable variables on the path of two or more heads (the shared parameters). */
  sharedVariables: Variable[];
  /** Per head key: the trainable variables only that head's path uses. */
  taskVariables: Record<string, Variable[]>;
  /** Every trainable variable (shared ones first, then each head's), each once. */
  allVariables: Variable[];
  /** Non-trainable state (BatchNormalization moving mean and variance); updated by forward(training=true). */
  stateVariables: Variable[];
  /** Per trainable variable name: the head keys whose forward pass uses it. */
  variableHeads: Record<string, string[]>;
  /** One tf.LayersModel per route (dataset id), sharing layer objects; for saving weights and summaries. */
  models: Record<string, tfNs.LayersModel>;
  /**
   * Routes whose training forward pass runs a different model of the same layers and weights: Conv2D → MaxPool2D
   * (→ relu) stages as one layer (model/custom/convPool.ts) where the backend has its kernel. forward(training=true)
   * uses it; everything else (inference, probes, saving) uses `models`.
   */
  trainingModels?: Record<string, tfNs.LayersModel>;
  /**
   * Outputs of any nodes on a dataset's route (node id -> output port -> tensor), for inspection and tests.
   * Nodes off the route are left out.
   */
  probe(dataset: string, inputs: Record<string, Tensor>, nodeIds: string[], training?: boolean): Record<string, Record<string, Tensor>>;
  /** Per route (dataset id): each routed node's output shapes (batch excluded) as tfjs infers them. */
  nodeShapes: Record<string, Record<string, Record<string, (number | null)[]>>>;
  /** Trainable + non-trainable weights, each counted once (as Keras' count_params over the whole design). */
  countParams(): number;
  dispose(): void;
}

export interface BuildOptions {
  seed: number;
  /** false: no training models with fused conv + pool stages (`trainingModels`); for comparisons. Default true. */
  fuseStages?: boolean;
}

/** What a layer kind's builder gets to create the node's tfjs layers (once per node). */
export interface NodeContext {
  tf: Tf;
  node: DesignNode;
  /** The node's params with the catalog's defaults filled in. */
  params: Record<string, any>;
  datasets: DatasetInfo[];
  /** Dataset ids the design's heads use. */
  headDatasets: string[];
  /** A seed for one initializer (or random stream) of this node, derived from the run seed, node id and role. */
  seed(role: string): number;
  /** A valid, unique tfjs layer name for one layer of this node. */
  name(role: string): string;
  /** For TaskHead nodes: the task it is bound to. */
  task?: TaskSpec;
  /** Per input port, per edge: the features of Input nodes feeding it directly (Embedding sizes itself from them). */
  inputFeatures: import('../../../shared/dataset.js').FeatureSpec[][][];
}

/** A node turned into tfjs layers, applied once per route to that route's symbolic tensors. */
export interface NodeLayers {
  /**
   * inputs[i] = the symbolic tensors on input port i (all operands for a merge port, one tensor otherwise).
   * Returns output port name -> symbolic tensor.
   */
  apply(inputs: SymbolicTensor[][], route: { dataset: string }): Record<string, SymbolicTensor>;
  /** Every tfjs layer this node made (their weights are the node's). */
  layers(): Layer[];
  /**
   * For nodes with several outputs (MTL blocks): the trainable weights the given output ports depend on.
   * Without it every weight of the node counts for every port.
   */
  weightsForPorts?(ports: string[]): Variable[];
  /** For Input nodes: the feature each route's dataset feeds in (the builder makes it a model input). */
  featureFor?(dataset: string): import('../../../shared/dataset.js').FeatureSpec;
}

export interface LayerBuilder {
  kind: string;
  create(ctx: NodeContext): NodeLayers;
}
