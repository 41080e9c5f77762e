// The Pareto front of points on two metrics, each with its own direction: a point is on the front
// where no other point is at least as good on both and strictly better on one. Exact duplicates of a
// front point are on the front too. O(n²) over runs, which number in the hundreds at most.
export interface TradeoffPoint {
  id: string;
  x: number;
  y: number;
}

export function paretoFront(points: readonly TradeoffPoint[], xHigherIsBetter: boolean, yHigherIsBetter: boolean): string[] {
  const sx = xHigherIsBetter ? 1 : -1;
  const sy = yHigherIsBetter ? 1 : -1;
  const valid = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => ({ id: p.id, x: sx * p.x, y: sy * p.y }));
  const dominated = (p: { x: number; y: number }) => valid.some((q) => q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y));
  return valid.filter((p) => !dominated(p)).map((p) => p.id);
}
