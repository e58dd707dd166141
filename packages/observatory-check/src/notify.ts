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
  const rows = db.prepare("SELECT id, message FROM alerts WHERE delivery = 'pending' ORDER BY id LIMIT 50").all() as { id: number; message: string }[];
  const markSent = db.prepare("UPDATE alerts SET delivery = 'sent', attempts = attempts + 1, last_error = NULL WHERE id = ?");
  const markFailed = db.prepare("UPDATE alerts SET attempts = attempts + 1, last_error = ? WHERE id = ?");
  const prefix = `<b>${escapeHtml(options.host ?? hostname())}</b> · `;
  let sent = 0;
  let failed = 0;
  let lastError = "";
  for (const row of rows) {
    try {
      await client.sendMessage(config.telegram.alertChatId!, `${prefix}${row.message}`);
      markSent.run(row.id);
      sent++;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      markFailed.run(lastError, row.id);
      failed++;
      break;
    }
  }
  const pending = pendingCount();
  if (failed > 0) return { status: "warn", message: `alert delivery failed (${lastError}); ${pending} pending, retried on the next snapshot`, sent, failed, pending };
  return { status: "ok", message: sent > 0 ? `${sent} alert(s) sent` : "no alerts to send", sent, failed, pending };
}
