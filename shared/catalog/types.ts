// The layer catalog's types: what each `kind` of design node is, as data plus pure functions.
// The palette, the inspector, the validator, the model builder and the Keras export all read these.
import type { DatasetInfo, FeatureSpec } from '../dataset.js';
import type { DesignNode } from '../design.js';
import type { Shape } from '../problems.js';
import type { Msg } from './messages.js';

export type { Shape };

export type LayerGroup =
  | 'inputs'
  | 'core'
  | 'convolution'
  | 'pooling'
  | 'normalisation'
  | 'recurrent'
  | 'attention'
  | 'merge'
  | 'mtl-blocks'
  | 'heads';

/** Palette order of the groups. */
export const GROUPS: LayerGroup[] = [
  'inputs',
  'core',
  'convolution',
  'pooling',
  'normalisation',
  'recurrent',
  'attention',
  'merge',
  'mtl-blocks',
  'heads',
];

/**
 * Parameter types. 'ints' = number[] (e.g. tower units); 'dataset' / 'feature' / 'task' = a string naming a
 * dataset id / a feature of the node's dataset / a task of the node's dataset (the UI offers a picker).
 * An 'enum' with `multiple: true` holds string[] (e.g. a head's metrics).
 */
export type ParamType = 'int' | 'float' | 'enum' | 'bool' | 'ints' | 'string' | 'dataset' | 'feature' | 'task';

export interface ParamSpec<N extends string = string, T extends ParamType = ParamType> {
  name: N;
  type: T;
  /** The value a new node gets; also used when the param is absent. `undefined` = optional, no default. */
  default: unknown;
  /** For int/float (and each element of ints). */
  min?: number;
  max?: number;
  /** min is exclusive (e.g. a rate > 0). */
  minExclusive?: boolean;
  /** max is exclusive (e.g. dropout rate < 1). */
  maxExclusive?: boolean;
  /** For enum. */
  options?: readonly string[];
  /** enum holding several options (string[]). */
  multiple?: boolean;
  /** For ints: allowed number of elements. */
  minLength?: number;
  maxLength?: number;
  /** The param may be absent / empty. */
  optional?: boolean;
  /** English label and description; the UI translates by `${kind}.${name}`. */
  label: string;
  description: string;
}

/** The value a param of spec S holds once checked and defaulted. */
export type ParamValue<S extends ParamSpec> = S['type'] extends 'int' | 'float'
  ? number
  : S['type'] extends 'bool'
    ? boolean
    : S['type'] extends 'ints'
      ? number[]
      : S['type'] extends 'enum'
        ? S extends { multiple: true } ? string[] : string
        : string;

/**
 * A kind's params as its infer/cost/keras functions see them, typed from its param specs (declared literally,
 * as in every catalog file). Specs typed only as ParamSpec[] give untyped params.
 */
export type ParamsOf<P extends readonly ParamSpec[]> = string extends P[number]['name']
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs not declared literally: nothing to type them from
    Record<string, any>
  : { [S in P[number] as S['name']]: S extends { optional: true } ? ParamValue<S> | undefined : ParamValue<S> };

export interface PortSpec {
  name: string;
  /** true: several edges are operands of one call (merge layers). false: one edge, or several only as
   *  per-dataset alternative routes (see design.ts). */
  multiple: boolean;
}

export interface Ports {
  inputs: PortSpec[];
  outputs: string[];
}

export interface ShapeContext {
  /** The datasets the design may draw on (those chosen). */
  datasets: DatasetInfo[];
  /** The node being inferred (its id names it in messages). */
  node: DesignNode;
  /** Dataset ids the design's heads use; an Input with dataset '' is fed from these. Defaults to all. */
  headDatasets?: string[];
  /**
   * Per input port (same order as ports().inputs), per edge: the FeatureSpecs of the Input node directly
   * feeding it (several where an Input with dataset '' is fed from several datasets), else [].
   * Embedding uses it to size inputDim.
   */
  inputFeatures?: FeatureSpec[][][];
}

/**
 * `error` continues a sentence that begins "<Kind> '<id>'", e.g.
 * "needs a flat input but gets [28, 28, 1]: add a Flatten before it"; `msg` is the same as a key and
 * values (messages.ts), for the UI to word in the user's language.
 */
export type InferResult = { outputs: Record<string, Shape> } | { error: string; msg?: Msg };

/** A Python value for generated Keras code; `{ py }` is a raw expression. */
export type PyValue = number | string | boolean | null | PyValue[] | { py: string };

/** How the Keras export writes a layer: `call(**kwargs)`, e.g. call 'layers.Conv2D'. */
export interface KerasLayer {
  call: string;
  args?: PyValue[];
  kwargs: Record<string, PyValue>;
}

export interface LayerKind {
  kind: string;
  group: LayerGroup;
  label: string;
  description: string;
  params: ParamSpec[];
  /** Merge layer: all edges on its 'in' port are operands (Concatenate, Add). */
  merge?: boolean;
  /** MTL block with one output port per task (params.numTasks). */
  block?: boolean;
  /** Takes integer ids (a categorical or text feature) and nothing else on its input (Embedding, TokenPositionEmbedding). */
  takesIds?: boolean;
  /** Problems with the params alone, each naming the param, e.g. "kernelSize must be at least 1 (got 0)". */
  checkParams(params: Record<string, unknown>): string[];
  /** The same problems as keys and values (messages.ts), in the same order. */
  paramProblems(params: Record<string, unknown>): Msg[];
  /** Params with every absent value filled from its default. */
  withDefaults(params: Record<string, unknown>): Record<string, unknown>;
  ports(params: Record<string, unknown>): Ports;
  /** inputShapes[i] = the shapes on input port i (ports().inputs order), one per edge (operands for merge ports;
   *  for other ports the validator passes the one shape all routes agree on). */
  inferShapes(inputShapes: Shape[][], params: Record<string, unknown>, ctx: ShapeContext): InferResult;
  /** Trainable + non-trainable weights (as Keras' count_params). Call only where inferShapes succeeded. */
  countParams(inputShapes: Shape[][], params: Record<string, unknown>, ctx: ShapeContext): number;
  /** Multiply-adds per sample of one forward pass. Call only where inferShapes succeeded. */
  countMacs(inputShapes: Shape[][], params: Record<string, unknown>, ctx: ShapeContext): number;
  /** The tf.keras layer that does the same (absent for Input and TaskHead, which the exporter writes itself). */
  keras?(params: Record<string, unknown>, ctx: ShapeContext): KerasLayer;
}
