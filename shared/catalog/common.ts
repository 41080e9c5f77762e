// Facts and helpers several layer kinds share: activations, common params, input-shape checks.
import { formatShape } from '../shapes.js';
import { failure, type Msg } from './messages.js';
import type { ParamSpec, PyValue, Shape } from './types.js';

export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'elu', 'leakyRelu'];

export function activationParam(def = 'linear'): ParamSpec<'activation', 'enum'> {
  return {
    name: 'activation',
    type: 'enum',
    default: def,
    options: ACTIVATIONS,
    label: 'Activation',
    description: 'Function applied to the output (linear = none).',
  };
}

export const USE_BIAS: ParamSpec<'useBias', 'bool'> = {
  name: 'useBias',
  type: 'bool',
  default: true,
  label: 'Use bias',
  description: 'Add a learned bias to each output unit.',
};

export function paddingParam(def: 'same' | 'valid' = 'valid'): ParamSpec<'padding', 'enum'> {
  return {
    name: 'padding',
    type: 'enum',
    default: def,
    options: ['valid', 'same'],
    label: 'Padding',
    description: "valid: no padding, the output shrinks; same: zero-pad so that the output is ceil(input / stride).",
  };
}

export function unitsParam<N extends string>(name: N, def: number, label: string, description: string): ParamSpec<N, 'int'> {
  return { name, type: 'int', default: def, min: 1, max: 1_000_000, label, description };
}

/** The one shape on the first input port, or undefined. */
export function single(inputs: Shape[][]): Shape | undefined {
  return inputs[0]?.[0];
}

/** A failed inference: the English error and its phrase (messages.ts). */
export type Failure = { error: string; msg: Msg };

/** Missing input or wrong rank; undefined when fine. `what` and `fix` are keys of messages.ts what.* and fix.*. */
export function rankError(shape: Shape | undefined, rank: number, what: string, fix: string): Failure | undefined {
  if (!shape) return failure('infer.no-input');
  if (shape.length !== rank) return failure('infer.rank', { $what: `what.${what}`, got: formatShape(shape), $fix: `fix.${fix}` });
  return undefined;
}

export function flatError(shape: Shape | undefined): Failure | undefined {
  if (shape && shape.length === 0) return rankError(shape, 1, 'flat', 'vector');
  return rankError(shape, 1, 'flat', 'flatten');
}

export function knownDims(shape: Shape): boolean {
  return shape.every((d) => d !== null);
}

/** An activation name as Keras takes it (leaky relu has no string name in tf.keras 2). */
export function pyActivation(name: unknown): PyValue {
  if (name === 'leakyRelu') return { py: 'tf.nn.leaky_relu' };
  return typeof name === 'string' ? name : 'linear';
}
