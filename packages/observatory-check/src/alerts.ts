import type BetterSqlite3 from "better-sqlite3";
import { escapeHtml } from "@wizard-council/kit";
import { CHECK_TITLES, isBad, type CheckResult, type CheckStatus, type Snapshot } from "./snapshot.ts";

/** One check's alerting memory, persisted in `alert_state` so restarts neither re-alert nor forget. */
export interface AlertState {
  status: CheckStatus;
  badCount: number;
  /** When the current bad streak started (epoch ms), or null while healthy. */
  since: number | null;
  alerted: boolean;
}

/** An alert or recovery the state machine decided to send. */
export interface AlertEvent {
  checkId: string;
  kind: "alert" | "recovery";
  status: CheckStatus;
  message: string;
}

export const INITIAL_STATE: AlertState = { status: "ok", badCount: 0, since: null, alerted: false };

/** "3h 12m" / "4m 5s" / "12s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400), h = Math.floor((s % 86_400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${sec}s`;
  return `${sec}s`;
}

/**
 * The alert state machine for one check: alert once when it has been fail/error for
 * `alertAfter` consecutive snapshots; stay quiet while it stays bad; send one recovery
 * (with the outage duration) when it is back to ok. A warn neither alerts nor recovers.
 */
export function stepAlert(prev: AlertState, check: Pick<CheckResult, "id" | "status" | "message">, tsMs: number, alertAfter: number): { state: AlertState; event?: AlertEvent } {
  const title = CHECK_TITLES[check.id] ?? check.id;
  if (isBad(check.status)) {
    const badCount = isBad(prev.status) || prev.badCount > 0 ? prev.badCount + 1 : 1;
    const since = prev.since ?? tsMs;
    const state: AlertState = { status: check.status, badCount, since, alerted: prev.alerted };
    if (!prev.alerted && badCount >= alertAfter) {
      const html = `🔴 <b>${escapeHtml(title)}</b> is <b>${check.status}</b>: ${escapeHtml(check.message)}`;
      return { state: { ...state, alerted: true }, event: { checkId: check.id, kind: "alert", status: check.status, message: html } };
    }
    return { state };
  }
  if (prev.alerted && check.status !== "ok") return { state: { ...prev, status: check.status } };
  const state: AlertState = { status: check.status, badCount: 0, since: null, alerted: false };
  if (prev.alerted) {
    const outage = prev.since === null ? "" : ` after ${formatDuration(tsMs - prev.since)} down`;
    const html = `✅ <b>${escapeHtml(title)}</b> recovered${outage}: ${escapeHtml(check.message)}`;
    return { state, event: { checkId: check.id, kind: "recovery", status: check.status, message: html } };
  }
  return { state };
}

/**
 * Runs the state machine over a stored snapshot inside one transaction: reads each
 * check's previous state, writes the new one, and queues any event as a `pending` alert
 * (or `skipped` when Telegram is not configured). Returns the queued events.
 */
export function recordAlerts(db: BetterSqlite3.Database, snapshot: Snapshot, alertAfter: number, deliverable: boolean): AlertEvent[] {
  const ts = Date.parse(snapshot.ts);
  const read = db.prepare("SELECT status, bad_count AS badCount, since, alerted FROM alert_state WHERE check_id = ?");
  const write = db.prepare("INSERT INTO alert_state (check_id, status, bad_count, since, alerted) VALUES (?, ?, ?, ?, ?) ON CONFLICT(check_id) DO UPDATE SET status = excluded.status, bad_count = excluded.bad_count, since = excluded.since, alerted = excluded.alerted");
  const queue = db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery) VALUES (?, ?, ?, ?, ?, ?)");
  return db.transaction(() => {
    const events: AlertEvent[] = [];
    for (const check of snapshot.checks) {
      const row = read.get(check.id) as (Omit<AlertState, "alerted"> & { alerted: number }) | undefined;
      const prev: AlertState = row ? { ...row, alerted: row.alerted === 1 } : INITIAL_STATE;
      const { state, event } = stepAlert(prev, check, ts, alertAfter);
      write.run(check.id, state.status, state.badCount, state.since, state.alerted ? 1 : 0);
      if (event) {
        queue.run(ts, event.checkId, event.kind, event.status, event.message, deliverable ? "pending" : "skipped");
        events.push(event);
      }
    }
    return events;
  }).immediate();
}
