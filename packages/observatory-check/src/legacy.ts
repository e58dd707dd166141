import type BetterSqlite3 from "better-sqlite3";
import { ToolError } from "@wizard-council/kit";
import { createSchema } from "./schema.ts";
import { isBad, snapshotStatus, type CheckResult, type CheckStatus } from "./snapshot.ts";

interface LegacyCheck {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  value?: unknown;
  unit?: unknown;
}

interface LegacyRow {
  id: number;
  ts: unknown;
  payload: unknown;
}

const HTTP_CHECKS = new Set(["api_server_http", "webhook_http"]);
// The old tool stored ~1 ms for a refused connection; such rows are failures, not fast probes.
const NO_ANSWER = /refused|not started|not running|unreachable|timed? ?out|timeout|no answer|reset|not found|error/i;

/** Maps the Python tool's statuses to ours (`critical` became `fail`); anything unknown is `error`. */
export function mapLegacyStatus(status: unknown): CheckStatus {
  if (status === "critical") return "fail";
  if (status === "ok" || status === "warn" || status === "fail" || status === "error" || status === "skip") return status;
  return "error";
}

/** Parses the old tool's ISO-8601 timestamps; a naive one (no zone, Python's default) is UTC. */
export function parseLegacyTs(ts: unknown): number | undefined {
  if (typeof ts !== "string") return undefined;
  const naive = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(ts.trim());
  const ms = Date.parse(naive ? `${ts.trim().replace(" ", "T")}Z` : ts.trim());
  return Number.isFinite(ms) ? ms : undefined;
}

/** Converts one legacy check; an HTTP latency survives only for a real answer (ok/warn, no failure wording). */
export function convertLegacyCheck(c: LegacyCheck): CheckResult {
  const id = String(c.name);
  const status = mapLegacyStatus(c.status);
  const message = typeof c.message === "string" ? c.message : "";
  let value = typeof c.value === "number" && Number.isFinite(c.value) ? c.value : null;
  if (HTTP_CHECKS.has(id) && (isBad(status) || NO_ANSWER.test(message))) value = null;
  return { id, status, message, value, unit: typeof c.unit === "string" ? c.unit : null };
}

function fail(path: string, message: string): never {
  throw new ToolError("LEGACY_MIGRATION_FAILED", `cannot migrate the older observatory DB: ${message}; nothing was changed`, { path });
}

/**
 * Migrates the Python observatory's `health_snapshots`/`alerts_sent` in place. The caller
 * runs this inside one IMMEDIATE transaction, so any bad row aborts the whole migration
 * (ToolError naming the row id) and the DB is left exactly as it was.
 */
export function migrateLegacy(db: BetterSqlite3.Database, path: string): void {
  createSchema(db);
  const insertSnap = db.prepare("INSERT INTO snapshots (ts, status, payload) VALUES (?, ?, ?)");
  const insertCheck = db.prepare("INSERT INTO check_results (snapshot_id, ts, check_id, status, value, unit) VALUES (?, ?, ?, ?, ?, ?)");
  const last = new Map<string, { status: CheckStatus; ts: number }>();
  // Paged, not iterate(): better-sqlite3 refuses writes on a connection with an open cursor.
  const page = db.prepare("SELECT id, ts, payload FROM health_snapshots WHERE id > ? ORDER BY id LIMIT 2000");
  for (let after = Number.MIN_SAFE_INTEGER, rows = page.all(after) as LegacyRow[]; rows.length > 0; after = rows[rows.length - 1]!.id, rows = page.all(after) as LegacyRow[]) {
    for (const row of rows) migrateRow(row);
  }
  function migrateRow(row: LegacyRow): void {
    let payload: { checks?: unknown };
    try {
      payload = JSON.parse(String(row.payload)) as { checks?: unknown };
    } catch {
      fail(path, `health_snapshots row id ${row.id} has a payload that is not valid JSON`);
    }
    const ts = parseLegacyTs(row.ts) ?? parseLegacyTs((payload as { ts?: unknown }).ts);
    if (ts === undefined) fail(path, `health_snapshots row id ${row.id} has no ISO-8601 timestamp`);
    if (!payload || !Array.isArray(payload.checks)) fail(path, `health_snapshots row id ${row.id} has no checks array`);
    const seen = new Set<string>();
    // check_results is keyed by (check, ts): a repeated name in one old payload keeps its first entry.
    const checks = (payload.checks as LegacyCheck[]).filter((c) => c && typeof c.name === "string" && !seen.has(c.name) && seen.add(c.name)).map(convertLegacyCheck);
    const id = Number(insertSnap.run(ts, snapshotStatus(checks), JSON.stringify(checks)).lastInsertRowid);
    for (const c of checks) {
      insertCheck.run(id, ts, c.id, c.status, c.value, c.unit);
      last.set(c.id, { status: c.status, ts });
    }
  }
  const hasAlerts = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alerts_sent'").get() !== undefined;
  if (hasAlerts) {
    const insertAlert = db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery, attempts) VALUES (?, ?, ?, ?, ?, 'sent', 1)");
    for (const a of db.prepare("SELECT id, ts, check_name, status, message FROM alerts_sent ORDER BY id").all() as { id: number; ts: unknown; check_name: unknown; status: unknown; message: unknown }[]) {
      const ts = parseLegacyTs(a.ts);
      if (ts === undefined) fail(path, `alerts_sent row id ${a.id} has no ISO-8601 timestamp`);
      const status = mapLegacyStatus(a.status);
      insertAlert.run(ts, String(a.check_name), isBad(status) ? "alert" : "recovery", status, String(a.message ?? ""));
    }
    db.exec("DROP TABLE alerts_sent");
  }
  // Seed the alert state from the last snapshot, so the upgrade does not re-alert on a check the old tool already reported.
  const insertState = db.prepare("INSERT INTO alert_state (check_id, status, bad_count, since, alerted) VALUES (?, ?, ?, ?, ?)");
  for (const [checkId, s] of last) insertState.run(checkId, s.status, isBad(s.status) ? 1 : 0, isBad(s.status) ? s.ts : null, isBad(s.status) ? 1 : 0);
  db.exec("DROP TABLE health_snapshots");
}
