/**
 * The few semver answers almost every run needs, without loading the semver package: a `--version`
 * output whose version is a plain `x.y.z`, and ranges made only of comparators such as `>=1.6` or
 * `>=2 <3`. Each function answers exactly as semver would, or returns undefined ("ask semver"),
 * and the differential test holds them to that. Why: importing and compiling semver is a fixed
 * few milliseconds of a run whose whole budget is about a hundred.
 */

// Numeric components semver accepts and keeps exact: no leading zero, far below 2^53.
const VERSION = /^(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})$/;
const COMPARATOR = /^(<=|>=|<|>|=)?(0|[1-9][0-9]{0,14})(?:\.(0|[1-9][0-9]{0,14})(?:\.(0|[1-9][0-9]{0,14}))?)?$/;

/** `semver.coerce(text)?.version` when `text` is already a plain `x.y.z`; undefined for anything else. */
export function coerceSimple(text: string): string | undefined {
  return VERSION.test(text) ? text : undefined;
}

/** One bound of a range: the version compared against, and how. */
interface Bound {
  op: "<" | "<=" | ">" | ">=" | "=";
  v: [number, number, number];
}

const parsed = new Map<string, Bound[] | null>();

/**
 * A range of space-separated comparators (`>=1.6`, `<2`, `=1.2.3`, `1.2`), rewritten as semver
 * rewrites partial versions (X-ranges: `>1.2` is `>=1.3.0`, `<=1` is `<2.0.0`, `1.2` is
 * `>=1.2.0 <1.3.0`); undefined for every other form (`^`, `~`, `x`, `*`, `||`, hyphens, tags...).
 */
function bounds(range: string): Bound[] | undefined {
  let b = parsed.get(range);
  if (b === undefined) {
    b = parseBounds(range);
    parsed.set(range, b);
  }
  return b ?? undefined;
}

function parseBounds(range: string): Bound[] | null {
  const parts = range.trim().split(/ +/);
  const out: Bound[] = [];
  for (const part of parts) {
    const m = COMPARATOR.exec(part);
    if (!m) return null;
    const op = m[1] ?? "";
    const M = Number(m[2]);
    if (m[3] === undefined || m[4] === undefined) {
      const xm = m[3] === undefined;
      const m2 = xm ? 0 : Number(m[3]);
      if (op === "" || op === "=") {
        out.push({ op: ">=", v: [M, m2, 0] }, { op: "<", v: xm ? [M + 1, 0, 0] : [M, m2 + 1, 0] });
      } else if (op === ">") out.push({ op: ">=", v: xm ? [M + 1, 0, 0] : [M, m2 + 1, 0] });
      else if (op === "<=") out.push({ op: "<", v: xm ? [M + 1, 0, 0] : [M, m2 + 1, 0] });
      else out.push({ op: op as Bound["op"], v: [M, m2, 0] });
    } else {
      out.push({ op: op === "" ? "=" : (op as Bound["op"]), v: [M, Number(m[3]), Number(m[4])] });
    }
  }
  return out.length > 0 ? out : null;
}

/** True when {@link satisfiesSimple} can answer for `range` (so semver need not be loaded for it). */
export function isSimpleRange(range: string): boolean {
  return bounds(range) !== undefined;
}

/** `semver.satisfies(version, range)` for a plain `x.y.z` and a simple range; undefined when semver must answer. */
export function satisfiesSimple(version: string, range: string): boolean | undefined {
  const b = bounds(range);
  const m = VERSION.exec(version);
  if (!b || !m) return undefined;
  const v: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (const { op, v: w } of b) {
    const c = compare(v, w);
    const ok = op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : op === ">=" ? c >= 0 : c === 0;
    if (!ok) return false;
  }
  return true;
}

function compare(a: readonly number[], b: readonly number[]): number {
  return a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
}
