import { hostname } from "node:os";
import type BetterSqlite3 from "better-sqlite3";
import { createReport, escapeHtml, fitTelegramText, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { loadConfig, type BaseOptions, type ObservatoryConfig } from "./config.ts";
import { telegramClient, type DeliveryOptions } from "./notify.ts";
import { computeSlos, emptySlos, type SloResult } from "./slo.ts";
import { withStore } from "./store.ts";

/** The digest's figures over the last `hours`. */
export interface Digest {
  hours: number;
  samples: number;
  byStatus: { ok: number; warn: number; fail: number; error: number };
  /** Share of snapshots that were ok or warn; null with no samples. */
  healthyPct: number | null;
  /** Per check: snapshots in which it was warn, fail or error. */
  degraded: Record<string, number>;
  alerts: { ts: string; check: string; status: string; kind: string }[];
  slos: SloResult[];
}

/** Computes the digest over (from, to] (epoch ms) with indexed SQL. */
export function computeDigest(db: BetterSqlite3.Database, config: ObservatoryConfig, hours: number, from: number, to: number): Digest {
  const s = db.prepare("SELECT count(*) AS n, coalesce(sum(status = 'ok'), 0) AS ok, coalesce(sum(status = 'warn'), 0) AS warn, coalesce(sum(status = 'fail'), 0) AS fail, coalesce(sum(status = 'error'), 0) AS error FROM snapshots WHERE ts > ? AND ts <= ?").get(from, to) as { n: number; ok: number; warn: number; fail: number; error: number };
  const degraded: Record<string, number> = {};
  for (const r of db.prepare("SELECT check_id, count(*) AS n FROM check_results WHERE ts > ? AND ts <= ? AND status IN ('warn', 'fail', 'error') GROUP BY check_id ORDER BY check_id").all(from, to) as { check_id: string; n: number }[]) degraded[r.check_id] = r.n;
  const alerts = (db.prepare("SELECT ts, check_id, status, kind FROM alerts WHERE ts > ? AND ts <= ? ORDER BY ts, id").all(from, to) as { ts: number; check_id: string; status: string; kind: string }[])
    .map((a) => ({ ts: new Date(a.ts).toISOString(), check: a.check_id, status: a.status, kind: a.kind }));
  return {
    hours,
    samples: s.n,
    byStatus: { ok: s.ok, warn: s.warn, fail: s.fail, error: s.error },
    healthyPct: s.n > 0 ? Math.round(((s.ok + s.warn) / s.n) * 10_000) / 100 : null,
    degraded,
    alerts,
    slos: computeSlos(db, config, from, to),
  };
}

/** The digest as a Telegram HTML message (dynamic text escaped, fitted to 4096). */
export function digestText(d: Digest, host: string): string {
  const lines = [`📊 <b>${escapeHtml(host)}</b> observatory digest, last ${d.hours} h`];
  if (d.samples === 0) lines.push("no snapshots in this window");
  else {
    lines.push(`${d.samples} snapshots, ${d.healthyPct}% healthy (ok ${d.byStatus.ok} · warn ${d.byStatus.warn} · fail ${d.byStatus.fail} · error ${d.byStatus.error})`);
    const degraded = Object.entries(d.degraded).map(([id, n]) => `${escapeHtml(id)} ${n}`);
    if (degraded.length > 0) lines.push(`degraded: ${degraded.join(", ")}`);
  }
  for (const s of d.slos) {
    const actual = s.actual !== null ? `${s.actual}${s.unit === "%" ? "%" : " ms"}` : s.failures > 0 ? "no successful probe" : "no data";
    const mark = s.met === null ? "−" : s.met ? "✅" : "❌";
    const failures = s.unit === "ms" && s.failures > 0 ? `, ${s.failures} failed probes` : "";
    lines.push(`${mark} ${s.id}: ${actual} (target ${s.target}${s.unit === "%" ? "%" : " ms"}${failures})`);
  }
  if (d.alerts.length > 0) lines.push(`alerts: ${d.alerts.map((a) => `${escapeHtml(a.check)} ${a.kind === "recovery" ? "recovered" : escapeHtml(a.status)}`).join(", ")}`);
  return fitTelegramText(lines.join("\n"));
}

/** The `digest` report; with `send` it is posted to the digest chat (a `digest_delivery` finding says how that went). */
export async function digestReport(opts: BaseOptions & DeliveryOptions & { hours?: number; send?: boolean; now?: Date } = {}): Promise<Report<{ digest: Digest; text: string }>> {
  const config = await loadConfig(opts);
  const now = opts.now ?? new Date();
  const hours = opts.hours ?? 24;
  const to = now.getTime();
  const from = to - hours * 3_600_000;
  const digest = await withStore(config.dbPath, false, (store) =>
    store ? computeDigest(store.db, config, hours, from, to) : { hours, samples: 0, byStatus: { ok: 0, warn: 0, fail: 0, error: 0 }, healthyPct: null, degraded: {}, alerts: [], slos: emptySlos(config) },
  );
  const text = digestText(digest, opts.host ?? hostname());
  const findings: Finding[] = [];
  if (opts.send) findings.push(await sendDigest(config, text, opts));
  return createReport({ tool: "observatory-check", version: pkg.version, findings, data: { digest, text }, now });
}

async function sendDigest(config: ObservatoryConfig, text: string, opts: DeliveryOptions): Promise<Finding> {
  const base = { id: "digest_delivery", title: "digest sent to Telegram" };
  if (!config.telegram.token || !config.telegram.digestChatId) {
    return { ...base, status: "skip", message: "not sent: TELEGRAM_BOT_TOKEN and OBSERVATORY_DIGEST_CHAT_ID (or OBSERVATORY_ALERT_CHAT_ID) are not both set" };
  }
  try {
    await telegramClient(config, opts).sendMessage(config.telegram.digestChatId, text);
    return { ...base, status: "ok", message: "sent" };
  } catch (err) {
    // The spec has digest exit 0 whatever happens; a failed send is a visible warn, not exit 1.
    return { ...base, status: "warn", message: `not sent: ${err instanceof Error ? err.message : String(err)}` };
  }
}
