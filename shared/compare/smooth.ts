// Exponential moving average as TensorBoard draws it, debiased so the first points are not pulled to 0.
// weight 0 = no smoothing; 0.99 = very smooth. Gaps (null) stay gaps and do not reset the average.
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0) return values.slice();
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    n += 1;
    return last / (1 - Math.pow(w, n));
  });
}
