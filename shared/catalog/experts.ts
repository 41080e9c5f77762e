// Shared facts of the mixture-of-experts blocks (MMoE, CGC, PLE): params, task ports, and their costs.
// An expert is one Dense(expertUnits, expertActivation) layer; a gate is a Dense(#experts it mixes, softmax)
// on the same input as its experts; each output is the gate-weighted sum of those experts' outputs.
import { activationParam, flatError, single } from './common.js';
import type { InferResult, ParamSpec, Ports, Shape } from './types.js';

export function numTasksParam(): ParamSpec<'numTasks', 'int'> {
  return { name: 'numTasks', type: 'int', default: 2, min: 1, max: 64, label: 'Tasks', description: 'Number of tasks, one output port each (task0, task1, ...).' };
}

export const EXPERT_UNITS: ParamSpec<'expertUnits', 'int'> = {
  name: 'expertUnits',
  type: 'int',
  default: 32,
  min: 1,
  max: 1_000_000,
  label: 'Expert units',
  description: "Output size of each expert (a Dense layer) and so of each task's output.",
};

export const EXPERT_ACTIVATION: ParamSpec<'expertActivation', 'enum'> = { ...activationParam('relu'), name: 'expertActivation', label: 'Expert activation', description: "Each expert's activation." };

/** A safe count of task ports (0..64) from any value. */
export function portCount(k: unknown): number {
  return typeof k === 'number' && Number.isFinite(k) ? Math.min(64, Math.max(0, Math.floor(k))) : 0;
}

export function taskPorts(k: number): string[] {
  return Array.from({ length: portCount(k) }, (_, i) => `task${i}`);
}

export function blockPorts(p: { numTasks: number }): Ports {
  return { inputs: [{ name: 'in', multiple: false }], outputs: taskPorts(p.numTasks) };
}

/** One flat input → [expertUnits] on every task port. */
export function inferExperts(inputs: Shape[][], p: { numTasks: number; expertUnits: number }): InferResult {
  const x = single(inputs);
  const err = flatError(x);
  if (err) return err;
  const outputs: Record<string, Shape> = {};
  for (const port of taskPorts(p.numTasks)) outputs[port] = [p.expertUnits];
  return { outputs };
}

export interface MoeCost {
  params: number;
  macs: number;
}

/** Cost of experts + gates: `experts` Dense(din → e) layers, gates each mixing `mix[i]` experts. */
export function moeLevelCost(din: number, e: number, experts: number, mix: number[]): MoeCost {
  let params = experts * (din * e + e);
  let macs = experts * din * e;
  for (const m of mix) {
    params += din * m + m; // the gate
    macs += din * m + m * e; // the gate, then the weighted sum of m experts
  }
  return { params, macs };
}

/** PLE (CGC = 1 level): K tasks, S shared and T per-task experts per level; all levels but the last also mix a shared output. */
export function pleCost(din: number, p: { numTasks: number; sharedExperts: number; taskExperts: number; expertUnits: number; levels?: number }): MoeCost {
  const { numTasks: k, sharedExperts: s, taskExperts: t, expertUnits: e } = p;
  const levels = p.levels ?? 1;
  let total: MoeCost = { params: 0, macs: 0 };
  for (let l = 0; l < levels; l++) {
    const inDim = l === 0 ? din : e;
    const mix = Array.from({ length: k }, () => s + t);
    if (l < levels - 1) mix.push(s + k * t);
    const c = moeLevelCost(inDim, e, s + k * t, mix);
    total = { params: total.params + c.params, macs: total.macs + c.macs };
  }
  return total;
}
