import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { ToolError } from "@wizard-council/kit";
import { createSchema, hasLegacyTables, SCHEMA_VERSION, upgradeSchema } from "./schema.ts";
import { openDatabase } from "./sqlite.ts";
import type { CheckResult, Snapshot } from "./snapshot.ts";

/** An open observatory DB. */
export interface Store {
  db: BetterSqlite3.Database;
  path: string;
  /** Whether the file existed before this open. */
  existed: boolean;
  close(): void;
}

/** How long a reader or writer waits for the other before SQLITE_BUSY (the daemon's writes take milliseconds). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (and if needed creates or migrates) the observatory DB in WAL mode. With
 * `create: false` a missing file gives undefined instead of creating one, so read-only
 * commands never leave a DB behind.
 */
export async function openStore(path: string, options: { create: boolean }): Promise<Store | undefined> {
  const existed = existsSync(path);
  if (!existed && !options.create) return undefined;
  if (!existed) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let db: BetterSqlite3.Database;
  try {
    db = openDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new ToolError("DB_OPEN_FAILED", `cannot open the observatory DB: ${(err as Error).message}`, { path, cause: err });
  }
  try {
    // Schema work first, WAL second: a legacy DB whose migration fails is then left byte for byte as it was.
    await ensureSchema(db, path);
    if (String(db.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  } catch (err) {
    db.close();
    if ((err as { isToolError?: boolean }).isToolError) throw err;
    const code = (err as { code?: string }).code;
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") throw new ToolError("CORRUPT_DB", "the observatory DB is not a valid SQLite database; left in place", { path, cause: err });
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") throw busyAsTempFail(err, path);
    throw new ToolError("DB_OPEN_FAILED", `cannot open the observatory DB: ${(err as Error).message}`, { path, cause: err });
  }
  return { db, path, existed, close: () => db.close() };
}

async function ensureSchema(db: BetterSqlite3.Database, path: string): Promise<void> {
  const version = () => Number(db.pragma("user_version", { simple: true }));
  if (version() === SCHEMA_VERSION) return;
  if (version() > SCHEMA_VERSION) throw new ToolError("DB_TOO_NEW", `the observatory DB has schema version ${version()}, this tool knows up to ${SCHEMA_VERSION}`, { path });
  const { migrateLegacy } = await import("./legacy.ts");
  // IMMEDIATE takes the write lock first, so two processes opening a fresh DB cannot both create it.
  db.transaction(() => {
    const v = version();
    if (v === SCHEMA_VERSION) return;
    if (v !== 0) upgradeSchema(db, v);
    else if (hasLegacyTables(db)) migrateLegacy(db, path);
    else createSchema(db);
  }).immediate();
}

/** Stores a snapshot and its per-check rows, and prunes rows older than the retention (cheap: indexed). */
export function insertSnapshot(store: Store, snapshot: Snapshot, retentionDays: number): number {
  const db = store.db;
  const ts = Date.parse(snapshot.ts);
  const insertSnap = db.prepare("INSERT INTO snapshots (ts, status, payload) VALUES (?, ?, ?)");
  const insertCheck = db.prepare("INSERT INTO check_results (snapshot_id, ts, check_id, status, value, unit) VALUES (?, ?, ?, ?, ?, ?)");
  return db.transaction(() => {
    const id = Number(insertSnap.run(ts, snapshot.status, JSON.stringify(snapshot.checks)).lastInsertRowid);
    for (const c of snapshot.checks) insertCheck.run(id, ts, c.id, c.status, c.value, c.unit);
    pruneBefore(db, ts - retentionDays * 86_400_000);
    return id;
  }).immediate();
}

/** Deletes history older than `cutoffMs`; returns how many snapshots went. */
export function pruneBefore(db: BetterSqlite3.Database, cutoffMs: number): number {
  const n = db.prepare("DELETE FROM snapshots WHERE ts < ?").run(cutoffMs).changes;
  db.prepare("DELETE FROM check_results WHERE ts < ?").run(cutoffMs);
  db.prepare("DELETE FROM alerts WHERE ts < ? AND delivery NOT IN ('pending', 'sending')").run(cutoffMs);
  return n;
}

/** The newest `limit` snapshots, newest first. */
export function latestSnapshots(db: BetterSqlite3.Database, limit: number): Snapshot[] {
  const rows = db.prepare("SELECT ts, status, payload FROM snapshots ORDER BY ts DESC, id DESC LIMIT ?").all(limit) as { ts: number; status: Snapshot["status"]; payload: string }[];
  return rows.map((r) => ({ ts: new Date(r.ts).toISOString(), status: r.status, checks: JSON.parse(r.payload) as CheckResult[] }));
}

/** How many snapshots the DB holds. */
export function countSnapshots(db: BetterSqlite3.Database): number {
  return (db.prepare("SELECT count(*) AS n FROM snapshots").get() as { n: number }).n;
}

/**
 * Opens the store, runs `fn`, and closes it whatever happens. A query that still meets a
 * lock after the busy timeout is exit 75 (temporary), never a raw "database is locked".
 */
export async function withStore<T>(path: string, create: boolean, fn: (store: Store | undefined) => T | Promise<T>): Promise<T> {
  const store = await openStore(path, { create });
  try {
    return await fn(store);
  } catch (err) {
    throw busyAsTempFail(err, path);
  } finally {
    store?.close();
  }
}

/** A lock still held after the busy timeout is "temporarily could not" (exit 75); anything else passes through. */
export function busyAsTempFail(err: unknown, path: string): unknown {
  const code = (err as { code?: string }).code;
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return new ToolError("DB_BUSY", "the observatory DB stayed locked past the busy timeout", { path, exitCode: 75, cause: err });
  return err;
}
