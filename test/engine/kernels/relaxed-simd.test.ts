// The relaxed-SIMD build of the SIMD kernels (fused multiply-adds): chosen by feature detection,
// and matching the cpu backend like the plain build, on the dense products MMoE and MultiLeNet use.
import { beforeAll, describe, expect, it } from 'vitest';
import { relaxedSimdSupported, simdBuild } from '../../../electron/engine/kernels/simd.js';
import { onBackends, relError, setup, size, tf, values, worst } from './helpers.js';

describe('relaxed-SIMD kernels', () => {
  beforeAll(setup);

  it('are detected on this Node (the flag is set before the kernels compile) and chosen', () => {
    expect(relaxedSimdSupported()).toBe(true);
    expect(simdBuild(false)).toBe('relaxed');
    expect(simdBuild(true)).toBe('relaxed-shared');
  });

  const cases: [number[], number[], boolean, boolean][] = [
    [[1024, 100], [100, 128], false, false], // MMoE experts forward
    [[1024, 100], [1024, 128], true, false], // their weight gradient
    [[1024, 128], [100, 128], false, true], // their input gradient
    [[1024, 1, 8], [1024, 8, 16], false, false], // gated mixture
    [[256, 320], [320, 50], false, false], // MultiLeNet's dense layer
    [[256, 320], [256, 50], true, false], // its weight gradient
  ];
  for (const [i, [sa, sb, ta, tb]] of cases.entries()) {
    it(`${JSON.stringify(sa)}${ta ? 'ᵀ' : ''} · ${JSON.stringify(sb)}${tb ? 'ᵀ' : ''} matches cpu with both builds`, async () => {
      const a = values(size(sa), 11 + i);
      const b = values(size(sb), 110 + i);
      const r = await onBackends(() => tf.matMul(tf.tensor(a, sa), tf.tensor(b, sb), ta, tb));
      expect(worst(r)).toBeLessThan(1e-5);
    });
  }

  it('fuse the multiply-add (rounding differs from the plain build somewhere, both within float error of cpu)', async () => {
    const a = values(64 * 300, 5);
    const b = values(300 * 48, 6);
    const r = await onBackends(() => tf.matMul(tf.tensor(a, [64, 300]), tf.tensor(b, [300, 48])));
    const [relaxed, plain] = [r.wasm[0], r.wasmPlain[0]];
    expect(relError(r.cpu[0], relaxed)).toBeLessThan(1e-5);
    expect(relaxed.some((v, j) => v !== plain[j])).toBe(true);
  });
});
