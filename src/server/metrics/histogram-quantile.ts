/** One cumulative bucket of a Prometheus histogram: observations ≤ `le` (Infinity for +Inf). */
export interface HistogramBucket {
  le: number;
  count: number;
}

/**
 * The q-quantile (0 < q < 1) estimated from cumulative buckets as Prometheus's
 * histogram_quantile does: find the bucket the rank falls in and interpolate linearly within it
 * (from 0 for the first bucket). A rank in the +Inf bucket answers the highest finite bound,
 * since nothing is known above it. Null with no observations.
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return inBucket === 0 ? bucket.le : lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
