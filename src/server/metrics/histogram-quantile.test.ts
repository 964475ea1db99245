import { describe, expect, it } from "vitest";
import { histogramQuantile } from "./histogram-quantile";

const buckets = (counts: [number, number][]) => counts.map(([le, count]) => ({ le, count }));

describe("histogramQuantile", () => {
  it("interpolates within the bucket the rank falls in, as Prometheus does", () => {
    // 10 observations ≤ 10 ms, 10 more between 10 and 20 ms.
    const latency = buckets([
      [0.01, 10],
      [0.02, 20],
      [Infinity, 20],
    ]);
    expect(histogramQuantile(0.5, latency)).toBeCloseTo(0.01);
    expect(histogramQuantile(0.25, latency)).toBeCloseTo(0.005);
    expect(histogramQuantile(0.95, latency)).toBeCloseTo(0.019);
  });

  it("answers the highest finite bound for a rank above it, and null without observations", () => {
    const slow = buckets([
      [0.01, 1],
      [5, 2],
      [Infinity, 10],
    ]);
    expect(histogramQuantile(0.95, slow)).toBe(5);
    expect(histogramQuantile(0.5, buckets([[0.01, 0], [Infinity, 0]]))).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });

  it("does not depend on the order the buckets come in", () => {
    expect(histogramQuantile(0.5, buckets([[Infinity, 4], [0.1, 4], [0.05, 2]]))).toBeCloseTo(0.05);
  });
});
