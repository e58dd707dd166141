/** The index of the nearest-rank percentile in a sorted list of `n` values (0-based). */
export function percentileOffset(n: number, pct: number): number {
  return Math.max(0, Math.ceil((pct / 100) * n) - 1);
}

/**
 * The k-th smallest value (0-based) of the union of ascending runs, without merging them: the
 * answer is the smallest value v with at least k + 1 values ≤ v, found by bisecting over
 * candidate values (the middle of the widest run still in play), each counted with one binary
 * search per run. A month of daily runs costs a few hundred comparisons per step and a few dozen
 * steps, where a sort or quickselect of every value costs milliseconds in a process this short.
 */
export function kthOfSortedRuns(runs: readonly Float64Array[], k: number): number {
  const n = runs.reduce((sum, r) => sum + r.length, 0);
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`rank ${k} is outside 0..${n - 1}`);
  // Per run, the window [lo, hi) of values still strictly between what is known too small and too big.
  const lo = runs.map(() => 0);
  const hi = runs.map((r) => r.length);
  let best = Number.NaN;
  for (;;) {
    let widest = -1;
    for (let i = 0; i < runs.length; i++) if (hi[i]! > lo[i]! && (widest < 0 || hi[i]! - lo[i]! > hi[widest]! - lo[widest]!)) widest = i;
    if (widest < 0) return best;
    const pivot = runs[widest]![(lo[widest]! + hi[widest]!) >>> 1]!;
    let atMost = 0;
    for (const r of runs) atMost += upperBound(r, pivot);
    if (atMost >= k + 1) {
      // The answer is the pivot or smaller: keep only values below it.
      best = pivot;
      for (let i = 0; i < runs.length; i++) hi[i] = Math.min(hi[i]!, lowerBound(runs[i]!, pivot));
    } else {
      for (let i = 0; i < runs.length; i++) lo[i] = Math.max(lo[i]!, upperBound(runs[i]!, pivot));
    }
  }
}

/** How many values of an ascending run are < v. */
function lowerBound(run: Float64Array, v: number): number {
  let a = 0;
  let b = run.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (run[m]! < v) a = m + 1;
    else b = m;
  }
  return a;
}

/** How many values of an ascending run are ≤ v. */
function upperBound(run: Float64Array, v: number): number {
  let a = 0;
  let b = run.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (run[m]! <= v) a = m + 1;
    else b = m;
  }
  return a;
}
