// Shared sums for the regression metrics (one pass over the labelled rows).
export interface ResidualSums {
  n: number;
  sumSq: number;
  sumAbs: number;
  /** Total sum of squares of the labels around their mean. */
  totalSq: number;
}

export function residualSums(labels: ArrayLike<number>, predictions: ArrayLike<number>): ResidualSums {
  let n = 0;
  let sumSq = 0;
  let sumAbs = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (Number.isNaN(y)) continue;
    const e = predictions[i] - y;
    n++;
    sumSq += e * e;
    sumAbs += Math.abs(e);
    const d = y - mean; // Welford, for a stable total sum of squares
    mean += d / n;
    m2 += d * (y - mean);
  }
  return { n, sumSq, sumAbs, totalSq: m2 };
}
