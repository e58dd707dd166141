import { createReport, isToolError, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { recordAlerts, type AlertEvent } from "./alerts.ts";
import { loadConfig, type BaseOptions, type ObservatoryConfig } from "./config.ts";
import { canDeliver, deliverPending, type DeliveryOptions, type DeliveryResult } from "./notify.ts";
import { CHECK_TITLES, runChecks, type CheckResult, type Snapshot } from "./snapshot.ts";
import { busyAsTempFail, countSnapshots, insertSnapshot, openStore, type Store } from "./store.ts";

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
  const alerting = await deliverPending(store.db, config, options, Date.parse(snapshot.ts));
  return { snapshot, alerts: events.map((e) => ({ check: e.checkId, kind: e.kind, status: e.status })), alerting };
}

/** A check result as a report finding. */
export function checkFinding(c: CheckResult): Finding {
  return { id: c.id, status: c.status, title: CHECK_TITLES[c.id] ?? c.id, message: c.message, data: { value: c.value, unit: c.unit } };
}

// A DB that cannot be opened is the `database` check's error, not a reason to skip the other seven.
const UNUSABLE_DB = ["CORRUPT_DB", "DB_OPEN_FAILED", "DB_TOO_NEW"];

/**
 * The `check` command: one snapshot, stored, alerts stepped and sent; findings are the eight checks.
 * An unusable DB (not SQLite, unopenable, too new) is reported as the `database` check's error and
 * the snapshot is not stored; the file is left as it is.
 */
export async function checkOnce(options: CheckOptions = {}): Promise<Report<CycleResult>> {
  const config = await loadConfig(options);
  const checkConfig = options.procDir ? { ...config, procDir: options.procDir } : config;
  let store: Store;
  try {
    store = (await openStore(config.dbPath, { create: true }))!;
  } catch (err) {
    if (!isToolError(err) || !UNUSABLE_DB.includes(err.code)) throw err;
    const snapshot = await runChecks({ config: checkConfig, dbExisted: true, countSnapshots: () => { throw err; } }, options.now);
    const alerting = { status: "skip" as const, message: `snapshot not stored and alerts not evaluated: ${err.message} (${config.dbPath})`, sent: 0, failed: 0, pending: 0 };
    return createReport({ tool: "observatory-check", version: pkg.version, findings: snapshot.checks.map(checkFinding), data: { snapshot, alerts: [], alerting }, now: options.now?.() });
  }
  try {
    const result = await runCycle(store, config, options, store.existed);
    return createReport({ tool: "observatory-check", version: pkg.version, findings: result.snapshot.checks.map(checkFinding), data: result, now: options.now?.() });
  } catch (err) {
    throw busyAsTempFail(err, config.dbPath);
  } finally {
    store.close();
  }
}
