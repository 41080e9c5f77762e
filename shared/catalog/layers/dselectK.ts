// DSelect-k (Hazimeh et al., NeurIPS 2021): a mixture of experts whose per-task gate picks k experts through
// differentiable binary codes: k selectors each turn m = ⌈log₂ n⌉ smooth-step bits into one expert, and a
// softmax over the k selectors mixes them, so training ends with (close to) exactly k experts per task.
import { pyActivation, single } from '../common.js';
import { defineKind } from '../define.js';
import { blockPorts, EXPERT_ACTIVATION, EXPERT_UNITS, inferExperts, numTasksParam } from '../experts.js';

/** Bits of an expert's code: ⌈log₂ n⌉, at least 1. */
export const codeBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n)));

/** Experts as MMoE's; per task a selector Dense(din → k·m) and a mix Dense(din → k) on the block's input. */
export function dselectCost(din: number, p: { numTasks: number; numExperts: number; k: number; expertUnits: number }): { params: number; macs: number } {
  const { numTasks: t, numExperts: n, k, expertUnits: e } = p;
  const m = codeBits(n);
  return {
    params: n * (din * e + e) + t * (din * k * m + k * m + din * k + k),
    // per task: selector and mix Dense, each selector's 2^m code products of m bits, the k-way mix, the sum
    macs: n * din * e + t * (din * k * m + din * k + k * (1 << m) * m + k * n + n * e),
  };
}

export const DSelectK = defineKind({
  kind: 'DSelectK',
  group: 'mtl-blocks',
  label: 'DSelect-k',
  description:
    "Mixture of experts with a differentiable top-k gate per task: k selectors each pick one expert through smooth binary codes (⌈log₂ experts⌉ bits), a softmax mixes the k picks into the task's output port.",
  block: true,
  params: [
    numTasksParam(),
    { name: 'numExperts', type: 'int', default: 4, min: 2, max: 256, label: 'Experts', description: 'Number of shared experts.' },
    { name: 'k', type: 'int', default: 2, min: 1, max: 16, label: 'k (experts per task)', description: 'How many experts each task’s gate selects.' },
    EXPERT_UNITS,
    EXPERT_ACTIVATION,
    { name: 'gamma', type: 'float', default: 1, min: 0, minExclusive: true, max: 100, label: 'γ (smooth-step width)', description: 'Width of the smooth step that turns a selector logit into a bit; outside ±γ/2 the bit is exactly 0 or 1.' },
  ],
  ports: blockPorts,
  infer: inferExperts,
  countParams: (inputs, p) => dselectCost(single(inputs)![0] ?? 0, p).params,
  countMacs: (inputs, p) => dselectCost(single(inputs)![0] ?? 0, p).macs,
  keras: (p) => ({
    call: 'DSelectK',
    kwargs: { num_tasks: p.numTasks, num_experts: p.numExperts, k: p.k, expert_units: p.expertUnits, expert_activation: pyActivation(p.expertActivation), gamma: p.gamma },
  }),
});
