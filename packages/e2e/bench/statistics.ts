/** Percentiles of durations in milliseconds. */
export function summarize(samples: number[]): {
  n: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    n: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function ratio(value: number, floor: number): string {
  return `${(value / floor).toFixed(2)}x`;
}

export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await run();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}
