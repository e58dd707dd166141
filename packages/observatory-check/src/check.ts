import { createReport, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { recordAlerts, type AlertEvent } from "./alerts.ts";
import { loadConfig, type BaseOptions, type ObservatoryConfig } from "./config.ts";
import { canDeliver, deliverPending, type DeliveryOptions, type DeliveryResult } from "./notify.ts";
import { CHECK_TITLES, runChecks, type CheckResult, type Snapshot } from "./snapshot.ts";
import { countSnapshots, insertSnapshot, openStore, type Store } from "./store.ts";

/** Options for `check` and the daemon: a clock and the Telegram test seams. */
export interface CheckOptions extends BaseOptions, DeliveryOptions {
  now?: () => Date;
  /** Overrides OBSERVATORY_PROC_DIR (where meminfo and stat are read). */
  procDir?: string;
}

/** What one cycle did: the stored snapshot, the alerts it queued and how delivery went. */
export interface CycleResult {
  snapshot: Snapshot;
  alerts: { check: string; kind: AlertEvent["kind"]; status: string }[];
  alerting: DeliveryResult;
}

/** One cycle on an open store: run the checks, store the snapshot, step the alert state, send what is pending. */
export async function runCycle(store: Store, config: ObservatoryConfig, options: CheckOptions = {}, dbExisted = true): Promise<CycleResult> {
  const snapshot = await runChecks({ config: options.procDir ? { ...config, procDir: options.procDir } : config, dbExisted, countSnapshots: () => countSnapshots(store.db) }, options.now);
  insertSnapshot(store, snapshot, config.retentionDays);
  const events = recordAlerts(store.db, snapshot, config.alertAfter, canDeliver(config));
  const alerting = await deliverPending(store.db, config, options);
  return { snapshot, alerts: events.map((e) => ({ check: e.checkId, kind: e.kind, status: e.status })), alerting };
}

/** A check result as a report finding. */
export function checkFinding(c: CheckResult): Finding {
  return { id: c.id, status: c.status, title: CHECK_TITLES[c.id] ?? c.id, message: c.message, data: { value: c.value, unit: c.unit } };
}

/** The `check` command: one snapshot, stored, alerts stepped and sent; findings are the eight checks. */
export async function checkOnce(options: CheckOptions = {}): Promise<Report<CycleResult>> {
  const config = await loadConfig(options);
  const store = (await openStore(config.dbPath, { create: true }))!;
  try {
    const result = await runCycle(store, config, options, store.existed);
    return createReport({ tool: "observatory-check", version: pkg.version, findings: result.snapshot.checks.map(checkFinding), data: result, now: options.now?.() });
  } finally {
    store.close();
  }
}
