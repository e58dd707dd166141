import type BetterSqlite3 from "better-sqlite3";

/**
 * The schema version kept in `PRAGMA user_version`: 0 = empty or the older Python tool's DB,
 * 1 = per-check rows, 2 = plus the per-day rollups of `check_daily` and the digest's covering indexes.
 */
export const SCHEMA_VERSION = 2;

/**
 * Snapshots keep the printed payload (for `history`); check_results keep one row per check
 * so SLOs and the digest are indexed SQL over numbers, never a month of JSON decoded in
 * memory. check_results is clustered by (check_id, ts) (WITHOUT ROWID): a month of one
 * check is one contiguous range, so an SLO reads ~43k adjacent rows instead of hopping
 * across the whole table. The (ts, status) index serves pruning. Timestamps are epoch
 * milliseconds. This is version 1; a new DB gets it and then every later version's steps.
 */
const V1_DDL = `
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  status TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX snapshots_ts ON snapshots(ts);
CREATE TABLE check_results (
  check_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  value REAL,
  unit TEXT,
  PRIMARY KEY (check_id, ts, snapshot_id)
) WITHOUT ROWID;
CREATE INDEX check_results_ts ON check_results(ts, status);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  check_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  delivery TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  claimed_at INTEGER
);
CREATE INDEX alerts_ts ON alerts(ts);
CREATE INDEX alerts_pending ON alerts(delivery) WHERE delivery IN ('pending', 'sending');
CREATE TABLE alert_state (
  check_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  bad_count INTEGER NOT NULL,
  since INTEGER,
  alerted INTEGER NOT NULL
);
`;

/**
 * Version 2, digest: snapshots by (ts, status) answer the status counts from the index alone
 * (the table rows carry the JSON payload), and a partial index of the warn/fail/error rows
 * makes the degraded counts a read of the few bad rows, not of every row in the window.
 *
 * Version 2, SLOs: what a month-long SLO needs of each whole UTC day, kept beside the rows so `slo`
 * reads ~30 small rows per check instead of ~43k. A rollup is a cache, never the truth: the
 * triggers delete a day's rollup whenever any writer (this tool, an older one, a hand-run
 * INSERT) adds, removes or changes a row of that day, and the reader rebuilds what is missing
 * from the rows (daily.ts). `latencies` holds the day's successful values (status ok/warn, value
 * not null) as sorted little-endian float64, so a percentile stays exact.
 */
const V2_DDL = `
DROP INDEX IF EXISTS snapshots_ts;
CREATE INDEX snapshots_ts_status ON snapshots(ts, status);
CREATE INDEX check_results_degraded ON check_results(ts, check_id, status) WHERE status IN ('warn', 'fail', 'error');
CREATE TABLE check_daily (
  check_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  latencies BLOB NOT NULL,
  PRIMARY KEY (check_id, day)
) WITHOUT ROWID;
CREATE TRIGGER check_daily_on_insert AFTER INSERT ON check_results BEGIN
  DELETE FROM check_daily WHERE check_id = NEW.check_id AND day = CAST(NEW.ts / 86400000 AS INTEGER);
END;
CREATE TRIGGER check_daily_on_delete AFTER DELETE ON check_results BEGIN
  DELETE FROM check_daily WHERE check_id = OLD.check_id AND day = CAST(OLD.ts / 86400000 AS INTEGER);
END;
CREATE TRIGGER check_daily_on_update AFTER UPDATE ON check_results BEGIN
  DELETE FROM check_daily WHERE check_id = OLD.check_id AND day = CAST(OLD.ts / 86400000 AS INTEGER);
  DELETE FROM check_daily WHERE check_id = NEW.check_id AND day = CAST(NEW.ts / 86400000 AS INTEGER);
END;
`;

/** Creates the current schema; the caller holds the write transaction. */
export function createSchema(db: BetterSqlite3.Database): void {
  db.exec(V1_DDL);
  db.exec(V2_DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** Brings a version-1 DB to the current version in place (rows untouched); the caller holds the write transaction. */
export function upgradeSchema(db: BetterSqlite3.Database, from: number): void {
  if (from < 2) db.exec(V2_DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** True when the DB holds the older Python observatory's tables. */
export function hasLegacyTables(db: BetterSqlite3.Database): boolean {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'health_snapshots'").get() !== undefined;
}
