// The timing rule of WORKLOADS.md: warm up at least 2 calls and 2 s, then time single calls
// until at least 5 calls and 10 s (or 3 calls and 90 s for slow configurations); report the
// median with min and max.

/** Seconds per call: median, min, max, and how many calls were timed. */
export interface Timing {
  reps: number;
  median_s: number;
  min_s: number;
  max_s: number;
}

/** Bounds of the timing rule; the defaults are WORKLOADS.md's. */
export interface TimingRule {
  warmupCalls: number;
  warmupSeconds: number;
  minCalls: number;
  minSeconds: number;
  maxSeconds: number;
}

/** WORKLOADS.md's rule. */
export const DEFAULT_RULE: TimingRule = {
  warmupCalls: 2,
  warmupSeconds: 2,
  minCalls: 5,
  minSeconds: 10,
  maxSeconds: 90,
};

/** Times `fn` under `rule`, with `clock` in seconds (injectable for tests). */
export function time(
  fn: () => void,
  rule: TimingRule = DEFAULT_RULE,
  clock = (): number => performance.now() / 1000,
): Timing {
  let start = clock();
  let calls = 0;
  while (calls < rule.warmupCalls || (clock() - start < rule.warmupSeconds && calls < 20)) {
    const before = clock();
    fn();
    calls++;
    if (clock() - before > 20) break;
  }
  const times: number[] = [];
  start = clock();
  for (;;) {
    const before = clock();
    fn();
    times.push(clock() - before);
    const elapsed = clock() - start;
    if (
      (times.length >= rule.minCalls && elapsed >= rule.minSeconds) ||
      (times.length >= 3 && elapsed >= rule.maxSeconds)
    )
      break;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    reps: times.length,
    median_s: median,
    min_s: sorted[0]!,
    max_s: sorted[sorted.length - 1]!,
  };
}
