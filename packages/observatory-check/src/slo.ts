import type BetterSqlite3 from "better-sqlite3";
import { createReport, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { loadConfig, type BaseOptions, type ObservatoryConfig } from "./config.ts";
import { rangeFigures } from "./daily.ts";
import { kthOfSortedRuns, percentileOffset } from "./percentile.ts";
import { withStore } from "./store.ts";

/** One SLO over a window; `actual`/`met` are null when there is no data. */
export interface SloResult {
  id: "gateway_uptime_pct" | "webhook_latency_ms" | "api_server_latency_ms";
  description: string;
  target: number;
  unit: "%" | "ms";
  actual: number | null;
  met: boolean | null;
  /** Snapshots (uptime) or successful probes (latency) the figure is computed over. */
  samples: number;
  /** Snapshots with the gateway down (uptime) or probes that got no successful answer (latency). */
  failures: number;
}

function uptime(db: BetterSqlite3.Database, from: number, to: number, target: number): SloResult {
  const r = rangeFigures(db, "gateway_process", from, to);
  const actual = r.rows > 0 ? Math.round((r.ok / r.rows) * 100_000) / 1000 : null;
  return { id: "gateway_uptime_pct", description: "share of snapshots with the gateway process running", target, unit: "%", actual, met: actual === null ? null : actual >= target, samples: r.rows, failures: r.rows - r.ok };
}

function latency(db: BetterSqlite3.Database, id: SloResult["id"], checkId: string, from: number, to: number, target: number): SloResult {
  // A successful probe is an HTTP answer below 400: the only rows that carry a latency value.
  // Whole days come from their rollups (daily.ts) as sorted runs; the p95 is a merge from the top.
  const r = rangeFigures(db, checkId, from, to);
  const n = r.count;
  const actual = n > 0 ? Math.round(kthOfSortedRuns(r.runs, percentileOffset(n, 95)) * 10) / 10 : null;
  const failures = r.rows - n;
  // Never answering is not "no data": a webhook down all window has missed its latency SLO.
  const met = actual !== null ? actual <= target : failures > 0 ? false : null;
  const what = checkId === "webhook_http" ? "webhook" : "API server";
  return { id, description: `p95 latency of successful ${what} health probes`, target, unit: "ms", actual, met, samples: n, failures };
}

/** Computes every SLO over (from, to] (epoch ms) from per-day rollups and indexed rows. */
export function computeSlos(db: BetterSqlite3.Database, config: Pick<ObservatoryConfig, "gatewayUptimeSloPct" | "webhookLatencySloMs" | "apiLatencySloMs">, from: number, to: number): SloResult[] {
  return [
    uptime(db, from, to, config.gatewayUptimeSloPct),
    latency(db, "webhook_latency_ms", "webhook_http", from, to, config.webhookLatencySloMs),
    latency(db, "api_server_latency_ms", "api_server_http", from, to, config.apiLatencySloMs),
  ];
}

/** A finding per SLO: met → ok (warn when some probes got no answer), missed → fail, no data → skip. */
export function sloFinding(s: SloResult): Finding {
  const fmt = (v: number) => `${v}${s.unit === "%" ? "%" : " ms"}`;
  const noAnswer = s.unit === "ms" && s.failures > 0 ? `; ${s.failures} probe(s) got no successful answer` : "";
  if (s.met === null) return { id: s.id, status: "skip", title: s.id, message: "no data in the window", data: { ...s } };
  if (s.actual === null) return { id: s.id, status: "fail", title: s.id, message: `no successful probe in the window (${s.failures} failed); target ${fmt(s.target)}`, data: { ...s } };
  const status = !s.met ? "fail" : noAnswer ? "warn" : "ok";
  const verb = s.met ? "met" : "missed";
  return { id: s.id, status, title: s.id, message: `${fmt(s.actual)} vs target ${fmt(s.target)} over ${s.samples} samples: ${verb}${noAnswer}`, data: { ...s } };
}

/** The `slo` report: each SLO over the last `days` (default 30). */
export async function sloReport(opts: BaseOptions & { days?: number; now?: Date } = {}): Promise<Report<{ days: number; slos: SloResult[] }>> {
  const config = await loadConfig(opts);
  const now = opts.now ?? new Date();
  const days = opts.days ?? 30;
  const to = now.getTime();
  const slos = await withStore(config.dbPath, false, (store) =>
    store ? computeSlos(store.db, config, to - days * 86_400_000, to) : emptySlos(config),
  );
  return createReport({ tool: "observatory-check", version: pkg.version, findings: slos.map(sloFinding), data: { days, slos }, now });
}

/** Every SLO with no data (no DB yet). */
export function emptySlos(config: Pick<ObservatoryConfig, "gatewayUptimeSloPct" | "webhookLatencySloMs" | "apiLatencySloMs">): SloResult[] {
  const base = { actual: null, met: null, samples: 0, failures: 0 };
  return [
    { id: "gateway_uptime_pct", description: "share of snapshots with the gateway process running", target: config.gatewayUptimeSloPct, unit: "%", ...base },
    { id: "webhook_latency_ms", description: "p95 latency of successful webhook health probes", target: config.webhookLatencySloMs, unit: "ms", ...base },
    { id: "api_server_latency_ms", description: "p95 latency of successful API server health probes", target: config.apiLatencySloMs, unit: "ms", ...base },
  ];
}
