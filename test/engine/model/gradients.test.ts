// For every catalog kind and block: the gradients of a small loss with respect to every trainable variable,
// on every backend available here, match the cpu backend's (relative error < 1e-3). Each backend builds its
// own copy of the model from the same seed (variables live on the backend that made them).
import { afterAll, describe, expect, it } from 'vitest';
import { describeBackends, initBackend, type BackendName } from '../../../electron/engine/backend.js';
import { CASES } from './cases.js';
import { TF_NAME, TOLERANCE, expectMatchesCpu, gradients, quiet } from './parity.js';

const { available } = await describeBackends();
const others = available.filter((b) => b !== 'cpu') as BackendName[];
// Initialise each backend once now, so that missing kernels are known when the tests are declared.
const missing: Record<string, string[]> = {};
for (const b of others) {
  const { tf } = await initBackend(b, quiet);
  missing[b] = [...new Set(Object.values(CASES).flatMap((f) => f().needsKernels ?? []))].filter((k) => !tf.getKernel(k, TF_NAME[b]));
}
await initBackend('cpu', quiet);

const worst: Record<string, number> = {};

describe('model builder: gradients on every backend match cpu', () => {
  afterAll(() => {
    const lines = Object.entries(worst).map(([k, e]) => `${k} ${e.toExponential(1)}`);
    console.log(`[gradients] largest relative error per case: ${lines.join(', ')}`);
  });

  it('checks at least one backend besides cpu', () => {
    expect(others.length).toBeGreaterThan(0);
  });

  for (const backend of others) {
    for (const [kind, make] of Object.entries(CASES)) {
      const lacking = (make().needsKernels ?? []).filter((k) => missing[backend].includes(k));
      if (lacking.length) {
        it.todo(`${kind} on ${backend}: its gradient needs kernel ${lacking.join(', ')}, which ${backend} lacks`);
        continue;
      }
      it(`${kind}: gradients on ${backend} match cpu (relative error < ${TOLERANCE})`, async () => {
        const c = make();
        const ref = await gradients('cpu', c);
        const got = await gradients(backend, c);
        worst[`${kind}@${backend}`] = expectMatchesCpu(got, ref);
        await initBackend('cpu', quiet);
      });
    }
  }
});
