import { hostname } from "node:os";
import type BetterSqlite3 from "better-sqlite3";
import { escapeHtml, TelegramClient } from "@wizard-council/kit";
import type { ObservatoryConfig } from "./config.ts";

/** What happened to queued alerts on this run; `status: "skip"` when Telegram is not configured. */
export interface DeliveryResult {
  status: "ok" | "warn" | "skip";
  message: string;
  sent: number;
  failed: number;
  pending: number;
}

/** Test seams for Telegram delivery (the kit client's sleep between 429 retries). */
export interface DeliveryOptions {
  sleep?: (ms: number) => Promise<void>;
  host?: string;
}

/** How long an unsent alert is retried before it expires. */
export const PENDING_MAX_AGE_MS = 24 * 3_600_000;
/** How many failed sends an alert gets before it expires. */
export const PENDING_MAX_ATTEMPTS = 30;

/** A claim older than this belongs to a process that died mid-send; the alert is pending again. */
export const CLAIM_TIMEOUT_MS = 5 * 60_000;

/**
 * Takes the pending alerts (oldest first) for this process in one write transaction, marking
 * them `sending`, so a cron `check` overlapping the daemon never sends the same alert twice.
 */
function claimPending(db: BetterSqlite3.Database, nowMs: number): { id: number; message: string }[] {
  return db.transaction(() => {
    const rows = db.prepare("SELECT id, message FROM alerts WHERE delivery = 'pending' OR (delivery = 'sending' AND claimed_at < ?) ORDER BY id LIMIT 50").all(nowMs - CLAIM_TIMEOUT_MS) as { id: number; message: string }[];
    const claim = db.prepare("UPDATE alerts SET delivery = 'sending', claimed_at = ? WHERE id = ?");
    for (const r of rows) claim.run(nowMs, r.id);
    return rows;
  }).immediate();
}

/** True when alerts can be sent: a bot token and an alert chat are configured. */
export function canDeliver(config: ObservatoryConfig): boolean {
  return Boolean(config.telegram.token && config.telegram.alertChatId);
}

/** A Telegram client for the configured token and API base. */
export function telegramClient(config: ObservatoryConfig, options: DeliveryOptions = {}): TelegramClient {
  return new TelegramClient({ token: config.telegram.token ?? "", apiBase: config.telegram.apiBase ?? "https://api.telegram.org", timeoutMs: 10_000, ...(options.sleep ? { sleep: options.sleep } : {}) });
}

/**
 * Sends every pending alert, oldest first. A failed send stays `pending` (with the error
 * recorded) and is retried on the next snapshot — the old tool dropped it. Stops at the
 * first failure so a Telegram outage costs one timeout per snapshot, and order is kept.
 */
export async function deliverPending(db: BetterSqlite3.Database, config: ObservatoryConfig, options: DeliveryOptions = {}, nowMs = Date.now()): Promise<DeliveryResult> {
  // An alert that could not be sent for a day is news no longer, and one that always fails
  // (a wrong chat id) must not block every later alert behind it: both are given up as `expired`.
  db.prepare("UPDATE alerts SET delivery = 'expired' WHERE delivery = 'pending' AND (ts < ? OR attempts >= ?)").run(nowMs - PENDING_MAX_AGE_MS, PENDING_MAX_ATTEMPTS);
  const pendingCount = () => (db.prepare("SELECT count(*) AS n FROM alerts WHERE delivery = 'pending'").get() as { n: number }).n;
  if (!canDeliver(config)) {
    return { status: "skip", message: "alerts skipped: TELEGRAM_BOT_TOKEN and OBSERVATORY_ALERT_CHAT_ID are not both set", sent: 0, failed: 0, pending: pendingCount() };
  }
  const client = telegramClient(config, options);
  const rows = claimPending(db, nowMs);
  const markSent = db.prepare("UPDATE alerts SET delivery = 'sent', attempts = attempts + 1, last_error = NULL, claimed_at = NULL WHERE id = ?");
  const markFailed = db.prepare("UPDATE alerts SET delivery = 'pending', attempts = attempts + 1, last_error = ?, claimed_at = NULL WHERE id = ?");
  const release = db.prepare("UPDATE alerts SET delivery = 'pending', claimed_at = NULL WHERE id = ? AND delivery = 'sending'");
  const prefix = `<b>${escapeHtml(options.host ?? hostname())}</b> · `;
  let sent = 0;
  let failed = 0;
  let lastError = "";
  for (const row of rows) {
    if (failed > 0) {
      release.run(row.id);
      continue;
    }
    try {
      await client.sendMessage(config.telegram.alertChatId!, `${prefix}${row.message}`);
      markSent.run(row.id);
      sent++;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      markFailed.run(lastError, row.id);
      failed++;
    }
  }
  const pending = pendingCount();
  if (failed > 0) return { status: "warn", message: `alert delivery failed (${lastError}); ${pending} pending, retried on the next snapshot`, sent, failed, pending };
  return { status: "ok", message: sent > 0 ? `${sent} alert(s) sent` : "no alerts to send", sent, failed, pending };
}
