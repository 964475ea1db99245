/** Reading the benchmarks' numeric flags, with one message for a bad one. */

/** A flag's whole number of 1 or more ("1_000_000" allowed), or the fallback when it is absent. */
export function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of 1 or more (got "${raw}")`);
  return value;
}
