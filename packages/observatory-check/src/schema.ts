import type BetterSqlite3 from "better-sqlite3";

/** The schema version kept in `PRAGMA user_version` (0 = empty or the older Python tool's DB). */
export const SCHEMA_VERSION = 1;

/**
 * Snapshots keep the printed payload (for `history`); check_results keep one row per check
 * so SLOs and the digest are indexed SQL over numbers, never a month of JSON decoded in
 * memory. check_results is clustered by (check_id, ts) (WITHOUT ROWID): a month of one
 * check is one contiguous range, so an SLO reads ~43k adjacent rows instead of hopping
 * across the whole table. The (ts, status) index covers pruning and the digest's counts.
 * Timestamps are epoch milliseconds.
 */
const DDL = `
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

/** Creates the current schema; the caller holds the write transaction. */
export function createSchema(db: BetterSqlite3.Database): void {
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** True when the DB holds the older Python observatory's tables. */
export function hasLegacyTables(db: BetterSqlite3.Database): boolean {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'health_snapshots'").get() !== undefined;
}
