import { endianness } from "node:os";
import type BetterSqlite3 from "better-sqlite3";

/** One UTC day in epoch milliseconds; a row's day is `floor(ts / DAY_MS)`, as the schema's triggers compute it. */
export const DAY_MS = 86_400_000;

/** One check's rows over a window: how many, how many ok, and the successful values (status ok/warn, value set). */
export interface RangeFigures {
  rows: number;
  ok: number;
  /** The successful values as ascending runs (one per day or partial day); together, every such value once. */
  runs: Float64Array[];
  /** How many successful values the runs hold. */
  count: number;
}

const NONE: RangeFigures = Object.freeze({ rows: 0, ok: 0, runs: [], count: 0 }) as RangeFigures;

interface DayRollup {
  rows: number;
  ok: number;
  /** Sorted float64 in the platform's byte order (little-endian; see LITTLE_ENDIAN). */
  latencies: Buffer;
}

/**
 * A check's figures over (from, to] (epoch ms), the same as reading every row of the window:
 * whole UTC days come from `check_daily` (built from the rows here when missing, in one write
 * transaction, so a concurrent insert either precedes the build or deletes it through the
 * schema's trigger), the partial days at both ends from the rows themselves. A month is then
 * ~30 rollups plus at most two days of rows, instead of ~43k rows.
 */
export function rangeFigures(db: BetterSqlite3.Database, checkId: string, from: number, to: number): RangeFigures {
  if (!(to > from)) return NONE;
  if (!LITTLE_ENDIAN) return rowsFigures(db, checkId, "(]", from, to);
  const lastDay = Math.floor(to / DAY_MS) - 1;
  let firstDay = Math.floor(from / DAY_MS) + 1;
  if (firstDay > lastDay) return rowsFigures(db, checkId, "(]", from, to);
  // No rollup before the check's first row: a `--days 3650` window must not build ten years of empty days.
  const firstTs = db.prepare("SELECT min(ts) FROM check_results WHERE check_id = ?").pluck().get(checkId) as number | null;
  if (firstTs === null) return NONE;
  firstDay = Math.max(firstDay, Math.floor(firstTs / DAY_MS));
  if (firstDay > lastDay) return rowsFigures(db, checkId, "(]", from, to);
  const days = dayRollups(db, checkId, firstDay, lastDay);
  const head = rowsFigures(db, checkId, "()", from, firstDay * DAY_MS);
  const tail = rowsFigures(db, checkId, "[]", (lastDay + 1) * DAY_MS, to);
  const runs = [head.runs, days.map((d) => asFloat64(d.latencies)), tail.runs].flat();
  return {
    rows: days.reduce((sum, d) => sum + d.rows, head.rows + tail.rows),
    ok: days.reduce((sum, d) => sum + d.ok, head.ok + tail.ok),
    runs,
    count: runs.reduce((sum, r) => sum + r.length, 0),
  };
}

/** A rollup's bytes as float64s, copied only when the Buffer is not 8-byte aligned. */
function asFloat64(bytes: Buffer): Float64Array {
  if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  return new Float64Array(Uint8Array.from(bytes).buffer);
}

/** Which ends of a range are included: the window is (from, to], a day is [start, next day). */
type Bounds = "(]" | "()" | "[]" | "[)";
const BOUNDS_SQL: Record<Bounds, string> = { "(]": "ts > ? AND ts <= ?", "()": "ts > ? AND ts < ?", "[]": "ts >= ? AND ts <= ?", "[)": "ts >= ? AND ts < ?" };

/** A rollup's bytes are read back on the machine that wrote them or one like it; elsewhere, the rows are read. */
const LITTLE_ENDIAN = endianness() === "LE";

/** Figures straight from a check's rows between `lo` and `hi`, ends included as `bounds` says. */
export function rowsFigures(db: BetterSqlite3.Database, checkId: string, bounds: Bounds, lo: number, hi: number): RangeFigures {
  // Counted and filtered in SQL: one JS number per successful probe, no object or string per row.
  const where = `check_id = ? AND ${BOUNDS_SQL[bounds]}`;
  const [rows, ok] = db.prepare(`SELECT count(*), coalesce(sum(status = 'ok'), 0) FROM check_results WHERE ${where}`).raw().get(checkId, lo, hi) as [number, number];
  if (rows === 0) return NONE;
  const values = db.prepare(`SELECT value FROM check_results WHERE ${where} AND value IS NOT NULL AND status IN ('ok', 'warn')`).pluck().all(checkId, lo, hi) as number[];
  return { rows, ok, runs: values.length > 0 ? [Float64Array.from(values).sort()] : [], count: values.length };
}

/** A day's successful values as the bytes of one ascending float64 run. */
function runBytes(f: RangeFigures): Buffer {
  const run = f.runs[0] ?? new Float64Array(0);
  return Buffer.from(run.buffer, run.byteOffset, run.byteLength);
}

/** The rollups of days firstDay..lastDay, building the missing ones. */
function dayRollups(db: BetterSqlite3.Database, checkId: string, firstDay: number, lastDay: number): DayRollup[] {
  const read = () => db.prepare("SELECT rows, ok, latencies FROM check_daily WHERE check_id = ? AND day >= ? AND day <= ?").all(checkId, firstDay, lastDay) as DayRollup[];
  const stored = read();
  if (stored.length === lastDay - firstDay + 1) return stored;
  const build = () => {
    const have = new Set((db.prepare("SELECT day FROM check_daily WHERE check_id = ? AND day >= ? AND day <= ?").pluck().all(checkId, firstDay, lastDay) as number[]));
    const insert = db.prepare("INSERT INTO check_daily (check_id, day, rows, ok, latencies) VALUES (?, ?, ?, ?, ?)");
    for (let day = firstDay; day <= lastDay; day++) {
      if (have.has(day)) continue;
      const f = rowsFigures(db, checkId, "[)", day * DAY_MS, (day + 1) * DAY_MS);
      insert.run(checkId, day, f.rows, f.ok, runBytes(f));
    }
    return read();
  };
  try {
    return db.transaction(build).immediate();
  } catch (err) {
    // A DB this process may not write (read-only file or mount) still answers, from the rows.
    if (!String((err as { code?: string }).code).startsWith("SQLITE_READONLY")) throw err;
    const out: DayRollup[] = [];
    for (let day = firstDay; day <= lastDay; day++) {
      const f = rowsFigures(db, checkId, "[)", day * DAY_MS, (day + 1) * DAY_MS);
      out.push({ rows: f.rows, ok: f.ok, latencies: runBytes(f) });
    }
    return out;
  }
}
